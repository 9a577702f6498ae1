package io.jobtail.host.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What a job does, from its config's {@code work} object: {@code {"main_class": "...", "args": [...]}}
 * (a Java main run in this process, logging through SLF4J) or {@code {"command": ["exe", "arg", ...]}}
 * (a child process whose stdout lines are logged at INFO and stderr lines at WARN). Runs on the
 * caller's thread and blocks until the work is done.
 */
public final class Work {
    private final JsonNode spec;

    public Work(JsonNode spec) {
        if (spec == null || !spec.isObject() || !(spec.hasNonNull("main_class") || spec.hasNonNull("command"))) {
            throw new IllegalArgumentException("work must be an object with \"main_class\" or \"command\", not " + spec);
        }
        this.spec = spec;
    }

    /** Runs the work; true when it succeeded (main returned, or the command exited with 0). */
    public boolean run(Path jobDir, Logger log) throws InterruptedException {
        List<String> args = new ArrayList<>();
        spec.path("args").forEach(a -> args.add(a.asText()));
        if (spec.hasNonNull("main_class")) {
            String name = spec.get("main_class").asText();
            try {
                Method main = Class.forName(name).getMethod("main", String[].class);
                main.invoke(null, (Object) args.toArray(new String[0]));
                return true;
            } catch (InvocationTargetException e) {
                log.error("work {} failed", name, e.getCause());
                return false;
            } catch (ReflectiveOperationException e) {
                log.error("work {} cannot be run: {}", name, e.toString());
                return false;
            }
        }
        List<String> command = new ArrayList<>();
        spec.get("command").forEach(c -> command.add(c.asText()));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(jobDir.toFile()).start();
        } catch (IOException e) {
            log.error("work command {} cannot be started: {}", command, e.toString());
            return false;
        }
        Thread killer = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(killer);
        Thread stderr = pump(process.getErrorStream(), line -> log.warn("{}", line));
        pump(process.getInputStream(), line -> log.info("{}", line)).join();
        stderr.join();
        int exit = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (exit != 0) {
            log.error("work command {} exited with {}", command, exit);
        }
        return exit == 0;
    }

    private static Thread pump(InputStream in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "jobtail-work-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
