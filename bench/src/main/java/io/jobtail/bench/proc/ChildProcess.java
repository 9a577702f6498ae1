package io.jobtail.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process a benchmark started, with its output in a file. {@link #close()} stops it (SIGTERM,
 * then SIGKILL after a grace period) and is idempotent; only this process is signalled, by pid.
 */
public final class ChildProcess implements AutoCloseable {
    private static final long GRACE_MS = 10_000;

    private final String name;
    private final Process process;
    private final Path output;

    private ChildProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code command} with stdout and stderr appended to {@code output}; stdin is a pipe. */
    public static ChildProcess start(String name, List<String> command, Path output) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        return new ChildProcess(name, p, output);
    }

    /** Wraps a process started otherwise (one stage of a pipeline). */
    public static ChildProcess of(String name, Process process, Path output) {
        return new ChildProcess(name, process, output);
    }

    /** {@code java <jvmOptions> -cp <this JVM's class path> <mainClass> <args>}. */
    public static List<String> java(List<String> jvmOptions, String mainClass, List<String> args) {
        return java(System.getProperty("java.class.path"), jvmOptions, mainClass, args);
    }

    /** {@code java <jvmOptions> -cp <classPath> <mainClass> <args>}. */
    public static List<String> java(String classPath, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(jvmOptions);
        c.add("-cp");
        c.add(classPath);
        c.add(mainClass);
        c.addAll(args);
        return c;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public Path output() {
        return output;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Fails naming the output file if the process has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") exited with " + process.exitValue()
                    + "; see " + output);
        }
    }

    /** Waits up to {@code millis} for the process to exit by itself. */
    public boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
