package org.ssi.bench.benchmark;

import java.time.Duration;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;

/** One benchmark of ./ssi bench: measures its figures, each against a baseline of the same run. */
public interface Benchmark {

    /** The name given on the command line. */
    String name();

    /** How long the benchmark may run; it stops measuring when the budget is spent. */
    Duration budget();

    Section run(BenchContext context, Budget budget) throws Exception;
}
