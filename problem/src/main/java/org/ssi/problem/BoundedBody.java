package org.ssi.problem;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Counts the bytes of a streamed body and stops at the limit. A body with a declared length is refused before it
 * is read ({@link BodySizeLimit}); a chunked one can only be counted as it arrives.
 */
final class BoundedBody extends FilterInputStream {

    private final long limit;
    private final Supplier<ProblemException> tooLarge;
    private long count;

    BoundedBody(InputStream body, long limit, Supplier<ProblemException> tooLarge) {
        super(body);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read > 0) {
            counted(read);
        }
        return read;
    }

    private void counted(int bytes) {
        count += bytes;
        if (count > limit) {
            throw tooLarge.get();
        }
    }
}
