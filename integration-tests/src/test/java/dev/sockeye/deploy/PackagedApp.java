package dev.sockeye.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged application ({@code java -jar}) run as a child process with only the given Sockeye, Quarkus and JVM
 * variables, its output in a log file. {@link #kill()} is a real SIGKILL: nothing of the process runs after it.
 */
record PackagedApp(Process process, Path logFile) implements AutoCloseable {

    static Path controlPlaneJar() {
        Path jar = RenderedChart.REPO.resolve("platform-api/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new AssertionError(jar + " is missing: package platform-api first");
        }
        return jar;
    }

    static Path invokerJar() throws IOException {
        try (var jars = Files.list(RenderedChart.REPO.resolve("invoker/target"))) {
            return jars.filter(p -> p.getFileName().toString().matches("invoker-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("invoker/target has no invoker jar: package it first"));
        }
    }

    static PackagedApp start(Path jar, Map<String, String> environment, Path log) throws IOException {
        return start(jar, List.of(), environment, log);
    }

    /** As {@link #start(Path, Map, Path)}, with command-line arguments after the jar. */
    static PackagedApp start(Path jar, List<String> arguments, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow",
                "-jar",
                jar.toString()));
        command.addAll(arguments);
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(name ->
                        name.startsWith("SOCKEYE_") || name.startsWith("QUARKUS_") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        return new PackagedApp(builder.start(), log);
    }

    String log() throws IOException {
        return Files.readString(logFile);
    }

    /** Fails with the log when the process has exited. */
    void requireAlive() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError(logFile.getFileName() + " exited with " + process.exitValue() + ":\n" + log());
        }
    }

    /** SIGTERM, as Kubernetes sends it; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
