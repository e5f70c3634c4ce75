package org.ssi.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process of the stack with its log file, started and stopped with it. */
public final class ManagedProcess {

    private static final int LAST_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;
    private final String readyUrl;

    private ManagedProcess(String name, Process process, Path log, String readyUrl) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.readyUrl = readyUrl;
    }

    public static ManagedProcess start(
            String name, List<String> command, Path workDir, Map<String, String> env, Path logDir, String readyUrl)
            throws IOException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ManagedProcess(name, builder.start(), log, readyUrl);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until the readiness URL answers 200; fails if the process exits or the time runs out. */
    public void awaitReady(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (!Http.ok(readyUrl)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited (code " + process.exitValue() + "); see " + log + lastLines());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        name + " not ready after " + limit.toSeconds() + " s; see " + log + lastLines());
            }
            sleep(500);
        }
    }

    /**
     * The end of the log, for a failure's message: where the log is gone with its machine (a CI run), the message is
     * all that tells why.
     */
    public String lastLines() {
        try {
            // decoded leniently: a stray byte in the log must not hide the rest of it
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return "\n--- the last lines of " + log.getFileName() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks the process to stop, and kills it if it has not stopped in 20 s. */
    public void stop() {
        stop(Duration.ofSeconds(20));
    }

    /**
     * Asks the process itself to stop (SIGTERM), without waiting and without signalling its children: a JVM that
     * writes its ahead-of-time cache as it exits does so in a child process of its own.
     */
    public void requestStop() {
        process.destroy();
    }

    /** Asks the process and its children to stop, and kills them if they have not stopped within {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        stopAlone(grace);
    }

    /**
     * Asks only the process to stop, and kills it and its children if it has not stopped within {@code grace}; its
     * children are left to finish the work its exit needs.
     */
    public void stopAlone(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        requestStop();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process and its children at once (SIGKILL), as a crash would, and waits for the exit. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
