package org.ssi.activity.directory.service;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text line by line, keeping at most {@code maxChars} of a line in memory: a longer line is skipped to its end
 * and reported as too long, so that one line without a newline cannot exhaust the memory.
 */
final class BoundedLineReader {

    /** A line without its terminator; {@code text} is null when the line was longer than allowed. */
    record Line(int number, String text) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final Reader reader;
    private final int maxChars;
    private final char[] buffer = new char[16 * 1024];
    private final StringBuilder line = new StringBuilder();
    private int position;
    private int limit;
    private int number;

    BoundedLineReader(Reader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
    }

    /** The next line ({@code \n} or {@code \r\n} ended), or null at the end of the text. */
    Line next() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        boolean read = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!read) {
                    return null;
                }
                break;
            }
            read = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            if (!tooLong && line.length() + length > maxChars + 1) {
                tooLong = true;
                line.setLength(0);
            }
            if (!tooLong) {
                line.append(buffer, start, length);
            }
            if (position < limit) {
                position++;
                break;
            }
        }
        number++;
        if (tooLong) {
            return new Line(number, null);
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        if (line.length() > maxChars) {
            return new Line(number, null);
        }
        return new Line(number, line.toString());
    }

    private boolean fill() throws IOException {
        int count = reader.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(count, 0);
        return count > 0;
    }
}
