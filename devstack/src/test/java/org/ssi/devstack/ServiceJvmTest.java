package org.ssi.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JVM starts the services, and with what: a JDK 25 beside Java 17 brings its ahead-of-time cache. */
class ServiceJvmTest {

    @TempDir
    Path folder;

    @Test
    void reads_the_feature_release_of_a_jdk() throws Exception {
        Path home = jdk("temurin-25", "25.0.3");
        assertEquals(Optional.of(25), ServiceJvm.feature(home));
        assertEquals(Optional.empty(), ServiceJvm.feature(folder.resolve("nothing-here")));
    }

    @Test
    void a_java_17_starts_the_jar_without_a_cache_and_with_the_common_memory_options() throws Exception {
        Path jar = Files.createFile(folder.resolve("quarkus-run.jar"));
        ServiceJvm jvm = new ServiceJvm(jdk("java-17", "17.0.15"), 17, true);
        assertFalse(jvm.aotCache());
        assertFalse(jvm.records(jar));
        List<String> expected = new java.util.ArrayList<>();
        expected.add(jvm.java());
        expected.addAll(ServiceJvm.MEMORY_OPTIONS);
        expected.addAll(List.of("-jar", jar.toString()));
        assertEquals(expected, jvm.command(jar));
    }

    @Test
    void a_java_25_records_the_cache_of_a_build_once_then_starts_from_it() throws Exception {
        Path jar = Files.createFile(folder.resolve("quarkus-run.jar"));
        ServiceJvm jvm = new ServiceJvm(jdk("temurin-25", "25.0.3"), 25, true);
        Path cache = jvm.cacheFile(jar);
        assertTrue(jvm.records(jar));
        assertTrue(jvm.command(jar).contains("-XX:AOTCacheOutput=" + cache));

        Files.writeString(cache, "a cache");
        assertFalse(jvm.records(jar));
        assertTrue(jvm.command(jar).contains("-XX:AOTCache=" + cache));

        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000));
        assertTrue(jvm.records(jar), "a rebuilt jar gets a cache of its own");
        assertTrue(jvm.command(jar).contains("-XX:AOTCacheOutput=" + jvm.cacheFile(jar)));
        assertFalse(Files.exists(cache), "the earlier build's cache is deleted");
        assertFalse(jvm.withoutCache().command(jar).stream().anyMatch(option -> option.startsWith("-XX:AOT")));
    }

    @Test
    void the_environment_can_name_the_services_jdk() throws Exception {
        Path home = jdk("corretto-21", "21.0.5");
        ServiceJvm jvm = ServiceJvm.find(Map.of("SSI_SERVICE_JAVA_HOME", home.toString()));
        assertEquals(home, jvm.javaHome());
        assertEquals(21, jvm.feature());
        assertFalse(jvm.aotCache());
    }

    private Path jdk(String name, String version) throws Exception {
        Path home = Files.createDirectories(folder.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
