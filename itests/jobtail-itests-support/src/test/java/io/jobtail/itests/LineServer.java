package io.jobtail.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A loopback server for proxy tests that answers every line a client sends with the line
 * {@code replies} makes of it, one request at a time per connection, like an HTTP/1.1 server.
 * One accept thread and one thread per connection; {@link #close} closes every socket and joins
 * every thread (at most 5 s each).
 */
final class LineServer implements AutoCloseable {
    private final ServerSocket listener;
    private final UnaryOperator<String> replies;
    /** Guarded by itself. */
    private final List<Socket> sockets = new ArrayList<>();
    /** Guarded by {@link #sockets}. */
    private final List<Thread> threads = new ArrayList<>();

    LineServer(UnaryOperator<String> replies) throws IOException {
        this.replies = replies;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        spawn(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void acceptLoop() {
        while (true) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (sockets) {
                sockets.add(socket);
            }
            spawn(() -> answer(socket));
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                out.write((replies.apply(line) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the proxy reset the connection: that is what the tests make it do
        }
    }

    private void spawn(Runnable body) {
        Thread t = new Thread(body, "line-server");
        t.setDaemon(true);
        synchronized (sockets) {
            threads.add(t);
        }
        t.start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        listener.close();
        List<Thread> all;
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
            all = new ArrayList<>(threads);
        }
        for (Thread t : all) {
            t.join(5_000);
        }
    }
}
