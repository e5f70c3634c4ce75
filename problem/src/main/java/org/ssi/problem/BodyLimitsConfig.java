package org.ssi.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * How large a request body may be. Ordinary requests are held to {@code ssi.http.max-body-size} (16 MiB, the limit
 * of the public contract); the paths listed in {@code ssi.http.bulk-paths}, such as the directory import, stream
 * their body and accept up to {@code quarkus.http.limits.max-body-size}, which must therefore be the larger of the
 * two. Both limits answer 413 as {@code application/problem+json}.
 */
@ConfigMapping(prefix = "ssi.http")
public interface BodyLimitsConfig {

    /** The largest body of an ordinary request. */
    @WithDefault("16M")
    MemorySize maxBodySize();

    /** Path prefixes whose bodies may be as large as {@code quarkus.http.limits.max-body-size}. */
    Optional<List<String>> bulkPaths();

    /** The largest body of a bulk path: Quarkus's own limit, so both always agree. */
    @WithDefault("${quarkus.http.limits.max-body-size:10240K}")
    MemorySize bulkMaxBodySize();
}
