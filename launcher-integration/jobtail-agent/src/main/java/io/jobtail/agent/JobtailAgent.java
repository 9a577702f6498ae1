package io.jobtail.agent;

import io.jobtail.job.JobLogSession;
import io.jobtail.transport.http.HttpMessenger;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code -javaagent} entry point: streams a job's log from inside any JVM.
 *
 * <pre>
 * java -javaagent:jobtail-agent.jar=server=URL,token_file=F,job_id=J,site=S[,log_file=L,...] -jar job.jar
 * </pre>
 *
 * Options are those of {@link AgentOptions} (or {@code JOBTAIL_*} environment variables). At
 * {@code premain} (also {@code agentmain} for an attach and {@code Launcher-Agent-Class} for an
 * application jar that bundles the agent) it fires {@code START_RUN}, and registers a shutdown hook
 * that waits for the JVM's other shutdown work ({@link ShutdownWork}, at most {@code hooks_wait}),
 * then fires {@code ABOUT_TO_END_RUN} and {@code END_RUN} and waits for the drain.
 *
 * <p>What the job sees: nothing, unless something is wrong. A missing or bad option prints one line
 * on stderr and the job runs unchanged, without streaming; so does any failure to start. The agent
 * never throws out of its entry points, never calls {@code System.exit}, owns only daemon threads
 * and its one shutdown hook, and its libraries (Jackson, SLF4J, Jobtail's own) are relocated so the
 * job's own copies are never touched. Its log messages (warnings and errors only) go to stderr,
 * prefixed {@code jobtail-agent:}.
 *
 * <p>The guarantee at exit: lines the job writes before its other shutdown hooks (and non-daemon
 * threads) end reach the server, provided they end within {@code hooks_wait} and the drain within
 * {@code end_run_timeout}. An unreachable server adds at most {@code retry_budget} to the exit.
 */
public final class JobtailAgent {
    static final String PREFIX = "jobtail-agent: ";

    private JobtailAgent() {
    }

    /** {@code -javaagent}: called before the job's {@code main}. */
    public static void premain(String args, Instrumentation inst) {
        launch(args, System.getenv(), System.err);
    }

    /** Dynamic attach, and {@code Launcher-Agent-Class}. */
    public static void agentmain(String args, Instrumentation inst) {
        launch(args, System.getenv(), System.err);
    }

    /**
     * Starts streaming and registers the shutdown hook; never throws.
     *
     * @return the running session, or null if streaming was not started (the reason is on {@code err})
     */
    static JobLogSession launch(String args, Map<String, String> env, PrintStream err) {
        try {
            AgentOptions options = AgentOptions.parse(args, env, Path.of("").toAbsolutePath());
            JobLogSession session = JobLogSession.open(options.jobId(), options.site(), options.logFile(), options.streamer(),
                    HttpMessenger.builder(options.server()).tokenFile(options.tokenFile()).build());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAtExit(session, options, err), "jobtail-agent-shutdown"));
            session.start();
            return session;
        } catch (IllegalArgumentException e) {
            err.println(PREFIX + e.getMessage() + "; the job runs without log streaming");
        } catch (Exception | LinkageError e) {
            err.println(PREFIX + "cannot start log streaming (" + e + "); the job runs without it");
        }
        return null;
    }

    private static void stopAtExit(JobLogSession session, AgentOptions options, PrintStream err) {
        try {
            if (!ShutdownWork.ofThisJvm().awaitOthers(options.hooksWait())) {
                err.println(PREFIX + "other shutdown work still running after " + options.hooksWait().toMillis()
                        + " ms (hooks_wait); draining the log of job " + options.jobId() + " now");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.finish();
    }
}
