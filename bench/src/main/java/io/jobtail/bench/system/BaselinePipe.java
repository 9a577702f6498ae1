package io.jobtail.bench.system;

import io.jobtail.bench.proc.ChildProcess;
import io.jobtail.bench.proc.ProcessSample;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline the issue names: {@code tail -c +1 -F FILE | socat -u - TCP:127.0.0.1:PORT} into a
 * loopback listener {@code socat -u TCP-LISTEN:PORT OPEN:COPY,creat,append} that writes the copy.
 * Three processes; {@link #close()} stops them all. The file is created (empty) before tail starts.
 */
public final class BaselinePipe implements AutoCloseable {
    private static final long STARTUP_MS = 10_000;

    private final ChildProcess listener;
    private final ChildProcess tail;
    private final ChildProcess socat;

    private BaselinePipe(ChildProcess listener, ChildProcess tail, ChildProcess socat) {
        this.listener = listener;
        this.tail = tail;
        this.socat = socat;
    }

    /** Fails naming the missing tool when {@code socat} or {@code tail} cannot be run. */
    public static void requireTools() throws IOException, InterruptedException {
        for (String tool : List.of("socat", "tail")) {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (p.waitFor() != 0) {
                throw new IOException("the baseline needs '" + tool + "' on the PATH (apt-get install " + tool + ")");
            }
        }
    }

    public static BaselinePipe start(Path file, Path copy, Path logDir, String name) throws IOException, InterruptedException {
        Files.createDirectories(copy.getParent());
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            // GNU tail -F falls back to polling once a second for a file that appears after it
            // started (measured: p50 ~500 ms); created first, it follows through inotify.
            Files.createFile(file);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChildProcess listener = ChildProcess.start("baseline listener", List.of("socat", "-u",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr", "OPEN:" + copy + ",creat,append"),
                logDir.resolve(name + "-listener.out"));
        try {
            awaitListening(port, listener);
            Path out = logDir.resolve(name + "-pipe.out");
            List<Process> stages = ProcessBuilder.startPipeline(List.of(
                    new ProcessBuilder("tail", "-c", "+1", "-F", file.toString())
                            .redirectError(ProcessBuilder.Redirect.appendTo(out.toFile())),
                    new ProcessBuilder("socat", "-u", "-", "TCP:127.0.0.1:" + port)
                            .redirectError(ProcessBuilder.Redirect.appendTo(out.toFile()))
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))));
            return new BaselinePipe(listener, ChildProcess.of("baseline tail", stages.get(0), out),
                    ChildProcess.of("baseline socat", stages.get(1), out));
        } catch (IOException | InterruptedException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** Waits until the port is in LISTEN state in {@code /proc/net/tcp} (connecting would use up the one accept). */
    private static void awaitListening(int port, ChildProcess listener) throws IOException, InterruptedException {
        String hexPort = String.format(":%04X ", port);
        long deadline = System.currentTimeMillis() + STARTUP_MS;
        while (System.currentTimeMillis() < deadline) {
            listener.requireAlive();
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new IOException("the baseline listener did not listen on port " + port + " within " + STARTUP_MS + " ms");
    }

    /** The sending side's processes: tail and its socat. */
    public List<Long> senderPids() {
        return List.of(tail.pid(), socat.pid());
    }

    /** The receiving side's process: the listening socat that writes the copy. */
    public long receiverPid() {
        return listener.pid();
    }

    /** The sending side: tail and its socat. */
    public ProcessSample senderSample() throws IOException {
        List<ProcessSample> parts = new ArrayList<>();
        for (long pid : senderPids()) {
            parts.add(ProcessSample.of(pid, List.of()));
        }
        return ProcessSample.sum(parts);
    }

    @Override
    public void close() {
        tail.close(); // socat sees the end of its input and closes the connection; the listener follows
        socat.close();
        listener.close();
    }
}
