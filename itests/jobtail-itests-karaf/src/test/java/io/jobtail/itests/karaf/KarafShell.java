package io.jobtail.itests.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs Karaf shell commands inside the container, exactly as an operator types them at the
 * {@code karaf@root()>} prompt, so the tests exercise the commands the documentation gives.
 * Commands run with the roles of Karaf's local console ({@code karaf.local.roles}: admin, manager,
 * viewer, systembundles): Karaf's command ACLs hide {@code feature:install} from anyone without
 * {@code admin}, and {@code config:update} needs {@code manager}.
 *
 * <p>Each command gets a fresh session with no input and is bounded by a timeout; a command that
 * fails, or runs out of time, becomes an {@link AssertionError} naming the command and what it
 * printed. Not thread-safe; one per test.
 */
final class KarafShell implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Subject LOCAL_CONSOLE = new Subject(true, Set.of(new UserPrincipal("karaf"),
            new RolePrincipal("admin"), new RolePrincipal("manager"), new RolePrincipal("viewer"),
            new RolePrincipal("systembundles")), Set.of(), Set.of());

    private final SessionFactory sessions;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "karaf-shell-command");
        t.setDaemon(true);
        return t;
    });

    KarafShell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Runs {@code command} (several may be joined with {@code ;}, sharing one session, as
     * {@code config:edit} needs) and returns what it printed. Blocks for at most a minute.
     */
    String run(String command) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        awaitCommand(command);
        Future<Object> result = runner.submit(() -> Subject.doAs(LOCAL_CONSOLE, (PrivilegedExceptionAction<Object>) () -> {
            try (Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out)) {
                return session.execute(command);
            }
        }));
        Object value;
        try {
            value = result.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof PrivilegedActionException ? e.getCause().getCause() : e.getCause();
            throw new AssertionError("Karaf command failed: " + command + ": " + cause + "\n"
                    + printed.toString(StandardCharsets.UTF_8), cause);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("Karaf command did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s: "
                    + command + "\n" + printed.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running Karaf command " + command, e);
        }
        // Some commands print, others return what the console would format (scr:list returns DTOs,
        // whose toString names every field).
        return printed.toString(StandardCharsets.UTF_8) + (value == null ? ""
                : value instanceof Object[] ? Arrays.deepToString((Object[]) value) : value.toString());
    }

    /**
     * Waits until the command's service is registered: Karaf registers commands asynchronously, in
     * their secured form, as their bundles start.
     */
    private void awaitCommand(String command) {
        String name = command.split(" ", 2)[0];
        int colon = name.indexOf(':');
        String scope = colon > 0 ? name.substring(0, colon) : "*";
        String function = colon > 0 ? name.substring(colon + 1) : name;
        Poll.until(COMMAND_TIMEOUT, "the Karaf command " + name,
                () -> sessions.getRegistry().getCommand(scope, function));
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
