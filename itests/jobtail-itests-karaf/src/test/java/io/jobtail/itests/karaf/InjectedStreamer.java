package io.jobtail.itests.karaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asks a running {@code SiteLogStreamer} what it injects: deploys a job config with no
 * components into a scratch workspace, fires {@code BEFORE_JOB_LAUNCH} at the widget and reads
 * back the {@code args} of the {@code JobLogStreamer} entry it added. The injected args carry
 * every setting that differs from the defaults, so they show which configuration the component
 * is really running with, not only what Config Admin holds.
 */
final class InjectedStreamer {
    private static final String SITE = "site-1";

    private final ObjectMapper json = new ObjectMapper();
    private final Path workspaceRoot;
    private int jobs;

    InjectedStreamer(Path workspaceRoot) {
        this.workspaceRoot = workspaceRoot;
    }

    /**
     * The args of the streamer {@code siteLogStreamer} injects into a fresh job's config, as text
     * values sorted by name (numbers as JSON writes them: {@code 2}, {@code 0.25}).
     *
     * @throws AssertionError if the widget injected no {@code JobLogStreamer}
     */
    Map<String, String> argsInjectedBy(Widget siteLogStreamer) throws IOException {
        String jobId = "karaf-job-" + (++jobs);
        Workspace workspace = new Workspace(workspaceRoot);
        Path config = workspace.clientConfig(jobId, SITE);
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"format_version\": 2, \"executors\": [], \"components\": []}",
                StandardCharsets.UTF_8);
        siteLogStreamer.handleEvent(EventType.BEFORE_JOB_LAUNCH.name(), JobContext.builder()
                .jobId(jobId)
                .identityName(SITE)
                .processType(ProcessType.CLIENT_PARENT)
                .workspace(workspace)
                .build());
        JsonNode components = json.readTree(config.toFile()).path("components");
        for (JsonNode component : components) {
            if ("io.jobtail.job.JobLogStreamer".equals(component.path("path").asText())) {
                Map<String, String> args = new TreeMap<>();
                component.path("args").fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
                return args;
            }
        }
        throw new AssertionError("SiteLogStreamer injected no JobLogStreamer into " + config + ": "
                + Files.readString(config, StandardCharsets.UTF_8));
    }
}
