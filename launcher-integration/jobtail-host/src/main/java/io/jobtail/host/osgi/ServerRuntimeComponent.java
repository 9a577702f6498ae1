package io.jobtail.host.osgi;

import io.jobtail.api.Widget;
import io.jobtail.host.server.ServerRuntime;
import java.io.IOException;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ServerRuntime} while its configuration {@value #PID} exists. Its widgets are the
 * {@link Widget} services meant for servers (property {@code jobtail.process=server}, or none),
 * taken and dropped while it runs; a widget that arrives late gets {@code SYSTEM_START} as it joins.
 * A configuration change restarts the server (new workspace or port).
 *
 * <p>SCR calls the lifecycle and bind methods; {@link io.jobtail.host.Widgets} serialises them with the events.
 */
@Component(configurationPid = ServerRuntimeComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true,
        reference = @Reference(name = WhiteboardRuntime.WIDGET_REFERENCE, service = Widget.class, cardinality = ReferenceCardinality.MULTIPLE,
                policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, target = WidgetTargets.SERVER_WIDGETS,
                bind = WhiteboardRuntime.BIND, unbind = WhiteboardRuntime.UNBIND))
@Designate(ocd = ServerRuntimeComponent.Config.class)
public final class ServerRuntimeComponent extends WhiteboardRuntime {
    public static final String PID = "io.jobtail.host.server";
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntimeComponent.class);

    /** The server runtime's configuration; keys are snake_case like the {@code jobtail server} options. */
    @ObjectClassDefinition(name = "Jobtail server runtime",
            description = "The reference launcher's server: job registry, work endpoint, query API and log streams over HTTP.")
    public @interface Config {
        @AttributeDefinition(description = "The server's workspace directory (server.json, jobs, server_logs, store).")
        String workspace();

        @AttributeDefinition(description = "The port to listen on; 0 for an ephemeral one (written to <workspace>/server.url).")
        int port() default 0;

        @AttributeDefinition(required = false,
                description = "The tokens file written by 'jobtail provision' (default <workspace>/tokens).")
        String tokens__file() default "";
    }

    public ServerRuntimeComponent() {
        super(PID);
    }

    private ServerRuntime runtime;

    @Activate
    void activate(Config config) throws IOException {
        Path workspace = requiredPath("workspace", config.workspace());
        Path tokens = path("tokens_file", config.tokens__file(), workspace.resolve("tokens"));
        int port = config.port();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PID + ": port must be 0..65535, not " + port);
        }
        runtime = ServerRuntime.start(workspace, tokens, port, widgets);
        LOG.info("{}: server runtime started at {}", PID, runtime.uri());
    }

    @Deactivate
    void deactivate() {
        if (runtime != null) {
            runtime.close();
            LOG.info("{}: server runtime at {} stopped", PID, runtime.uri());
            runtime = null;
        }
    }
}
