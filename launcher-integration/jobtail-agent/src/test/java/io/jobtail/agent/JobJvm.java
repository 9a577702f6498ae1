package io.jobtail.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one job JVM (a fixture main class) to its end, with or without the shaded agent, and
 * records its exit code, output and wall time. The process is always gone when {@link #run}
 * returns: a job that outlives its limit is killed and reported.
 */
final class JobJvm {
    static final Duration LIMIT = Duration.ofSeconds(60);

    /** The shaded agent jar the build made (failsafe passes its path). */
    static Path agentJar() {
        return Path.of(requiredProperty("jobtail.agent.jar"));
    }

    static String requiredProperty(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set; run this test with failsafe (mvn verify)");
        }
        return v;
    }

    record Result(int exitCode, String stdout, String stderr, Duration wallTime) {
    }

    /**
     * @param agentArgs null to run without the agent
     * @param env extra environment variables, "NAME=value"
     */
    static Result run(Path dir, String classPath, String agentArgs, List<String> env, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentArgs != null) {
            cmd.add("-javaagent:" + agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "job-", ".out");
        Path err = Files.createTempFile(dir, "job-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("JOBTAIL_"));
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("job " + mainClass + " did not end within " + LIMIT + "; stderr: "
                        + Files.readString(err));
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err), wall);
        } finally {
            p.destroyForcibly();
        }
    }
}
