package io.jobtail.host.server;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.host.AtomicFiles;
import io.jobtail.host.Components;
import io.jobtail.host.Widgets;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.transport.http.HttpMessageServer;
import io.jobtail.transport.http.SiteTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process: an {@link HttpMessageServer} on loopback, the {@link StreamRunner} on it, the
 * server's widgets from {@code <ws>/server.json} ({@link ServerConfig}; default: one
 * {@code JobLogReceiver} storing into {@code <ws>/store}), the job registry in {@code <ws>/jobs}, the work endpoint for sites and the
 * query API for the {@code admin} credential.
 *
 * <p>Workspace layout: {@code server.json}, {@code jobs/<job>.json}, {@code server_logs/<job>/log.txt},
 * {@code store/...}, and {@code server.url} (the base URL, written once the server listens, so a
 * starter that asked for an ephemeral port can find it). {@link #start} returns once serving;
 * {@link #close} stops it and is idempotent.
 *
 * <p>A {@link #start} that fails leaves nothing running: whatever it throws (an {@link Error} from a
 * widget too) comes after it unregistered the widgets' streams and closed the HTTP server, its port
 * and its threads, so a plain JVM whose only work was this server can exit. {@code server.url} is
 * written last, so a failed start never writes it (one left by an earlier run stays as it was).
 */
public final class ServerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);
    public static final String CONFIG_FILE = ServerConfig.FILE;
    public static final String URL_FILE = "server.url";

    private final HttpMessageServer http;
    private final StreamRunner engine;
    private final JobRegistry registry;
    private final Widgets widgets;

    private ServerRuntime(HttpMessageServer http, StreamRunner engine, JobRegistry registry, Widgets widgets) {
        this.http = http;
        this.engine = engine;
        this.registry = registry;
        this.widgets = widgets;
    }

    /**
     * Starts a server with the widgets its {@code <ws>/server.json} lists, created through
     * {@link java.util.ServiceLoader} (the plain-JVM host).
     *
     * @param workspace the server's workspace directory (created if missing)
     * @param tokensFile the {@code tokens} file written by provisioning
     * @param port the port, 0 for an ephemeral one
     * @throws IllegalArgumentException for a bad {@code server.json}, naming the entry
     */
    public static ServerRuntime start(Path workspace, Path tokensFile, int port) throws IOException {
        Path ws = workspace.toAbsolutePath().normalize();
        Files.createDirectories(ws);
        // relative receiver dest_dirs are made absolute against the workspace before the receiver sees them
        Widgets widgets = new Widgets(Components.discover().create(ServerConfig.read(ws).document(),
                ws.resolve(CONFIG_FILE).toString()));
        return start(ws, tokensFile, port, widgets);
    }

    /**
     * Starts a server whose widgets come from {@code widgets}, a live set the caller may add to and
     * remove from while the server runs (OSGi whiteboard); {@code server.json}'s components are
     * not created. Fires {@code SYSTEM_START} to the widgets present, and to each one added later.
     *
     * @param workspace the server's workspace directory (created if missing)
     * @param tokensFile the {@code tokens} file written by provisioning
     * @param port the port, 0 for an ephemeral one
     */
    public static ServerRuntime start(Path workspace, Path tokensFile, int port, Widgets widgets) throws IOException {
        Path ws = workspace.toAbsolutePath().normalize();
        Files.createDirectories(ws);
        SiteTokens tokens = SiteTokens.load(tokensFile);
        ServerConfig config = ServerConfig.read(ws);
        Clock clock = Clock.systemDefaultZone();
        ServerJobLog serverLog = new ServerJobLog(ws.resolve("server_logs"), clock);
        JobRegistry registry = new JobRegistry(ws.resolve("jobs"), clock, config.handOutLease());
        List<String> sites = tokens.names().stream().filter(n -> !JobsApi.ADMIN.equals(n)).sorted().collect(Collectors.toList());

        // Nothing above holds a port, a thread or an open file; from here on the port is bound and the
        // JDK's dispatcher is a non-daemon thread, so every failure below must close what was started,
        // or the port stays taken and a plain JVM whose start failed never exits.
        HttpMessageServer http = HttpMessageServer.builder().tokens(tokens).port(port).start();
        StreamRunner engine = null;
        try {
            engine = new StreamRunner(http);
            WorkEndpoint work = new WorkEndpoint(registry, serverLog);
            work.registerOn(http);
            LogReader logs = new LogReader(config.storeRoot(), serverLog);
            http.addRoute(JobsApi.PREFIX, new JobsApi(registry, logs, serverLog, () -> sites));
            JobContext ctx = JobContext.builder().identityName("server").processType(ProcessType.SERVER_PARENT)
                    .workspace(new Workspace(ws)).engine(engine).sites(work::settingsOf)
                    // a site's token lets it stream only into the jobs it was given
                    .membership((jobId, site) -> registry.get(jobId).map(job -> job.sites().contains(site)).orElse(false))
                    .build();
            widgets.start(ctx);
            ServerRuntime server = new ServerRuntime(http, engine, registry, widgets);
            AtomicFiles.write(ws.resolve(URL_FILE), (http.uri() + "\n").getBytes(StandardCharsets.UTF_8));
            LOG.info("Jobtail server at {} with workspace {}, {} job(s) on record, sites {}", http.uri(), ws,
                    registry.list().size(), sites);
            return server;
        } catch (Throwable e) { // Errors too: a widget's NoClassDefFoundError on SYSTEM_START must not leave the port bound
            closeAfterFailedStart(http, engine, ws, e);
            throw e;
        }
    }

    /** Undoes a start that failed part-way: the widgets' stream registrations, then the port and its threads. */
    private static void closeAfterFailedStart(HttpMessageServer http, StreamRunner engine, Path ws, Throwable failure) {
        // the caller reports the failure itself; this only says that the port was given back
        LOG.info("Jobtail server with workspace {} did not start; closing {}", ws, http.uri());
        try {
            if (engine != null) {
                engine.shutdownStreamer();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            http.close();
        }
    }

    public java.net.URI uri() {
        return http.uri();
    }

    public JobRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        engine.shutdownStreamer();
        http.close();
    }
}
