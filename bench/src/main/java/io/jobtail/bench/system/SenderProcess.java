package io.jobtail.bench.system;

import io.jobtail.bench.proc.ChildProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's handle on a {@link SenderMain} process: a stand-in for the job processes of one
 * site, each job's log at {@code <workspace>/<job>/log.txt}. {@link #stop()} ends the streams the
 * way a job does (they drain first); {@link #close()} kills what is left.
 */
public final class SenderProcess implements AutoCloseable {
    private static final long STARTUP_MS = 60_000;

    private final ChildProcess process;
    private final Path workspace;

    private SenderProcess(ChildProcess process, Path workspace) {
        this.process = process;
        this.workspace = workspace;
    }

    /** @param chunkSize bytes per message, or 0 for the streamer's default */
    public static SenderProcess start(ServerProcess server, String site, Path workspace, List<String> jobs, int chunkSize)
            throws IOException, InterruptedException {
        return start(server, site, workspace, jobs, chunkSize, Build.checkout());
    }

    /** As {@link #start(ServerProcess, String, Path, List, int)}, running {@code build}. */
    public static SenderProcess start(ServerProcess server, String site, Path workspace, List<String> jobs, int chunkSize,
            Build build) throws IOException, InterruptedException {
        Files.createDirectories(workspace);
        List<String> args = new ArrayList<>(List.of("--server", server.url(), "--token-file", server.tokenFile(site).toString(),
                "--site", site, "--workspace", workspace.toString(), "--jobs", String.join(",", jobs)));
        if (chunkSize > 0) {
            args.add("--chunk-size");
            args.add(Integer.toString(chunkSize));
        }
        Path out = workspace.resolveSibling(workspace.getFileName() + ".out");
        ChildProcess p = ChildProcess.start("sender " + site, ChildProcess.java(build.classPath(), List.of(
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // so a warning can be placed in the figure's timeline (warm-up, measured, stop)
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"), SenderMain.class.getName(), args), out);
        try {
            long deadline = System.currentTimeMillis() + STARTUP_MS;
            while (!Files.readString(out, StandardCharsets.UTF_8).contains("started ")) {
                p.requireAlive();
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("the sender did not start within " + STARTUP_MS + " ms; see " + out);
                }
                Thread.sleep(20);
            }
            return new SenderProcess(p, workspace);
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** The log the sender streams for {@code job}. */
    public Path log(String job) {
        return workspace.resolve(job).resolve("log.txt");
    }

    /** How many lines of the sender's output (its log) contain {@code text}. */
    public long outputLinesContaining(String text) throws IOException {
        try (var lines = Files.lines(process.output(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(text)).count();
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Ends every stream as a job's end does and waits (bounded) for the process to exit. */
    public void stop(long maxMillis) throws IOException, InterruptedException {
        requestStop();
        awaitStopped(maxMillis);
    }

    /** Tells the sender to end its streams (they drain first); returns at once. */
    public void requestStop() throws IOException {
        if (process.isAlive()) {
            OutputStream in = process.process().getOutputStream();
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
    }

    /** Waits (bounded) for the sender to exit after {@link #requestStop()}. */
    public void awaitStopped(long maxMillis) throws IOException, InterruptedException {
        if (!process.awaitExit(maxMillis)) {
            throw new IOException("the sender did not stop within " + maxMillis + " ms; see " + process.output());
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
