package io.jobtail.site;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.SiteSettings;
import io.jobtail.api.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test fixture: a site workspace with one job ({@value #JOB_ID}) deployed for {@value #SITE}. */
final class DeployedJob {
    static final String JOB_ID = "job-1";
    static final String SITE = "site-1";

    /** Parses like a careful reader: exact decimals, so trees compare number for number. */
    static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    final Workspace workspace;
    final Path config;

    DeployedJob(Path root) {
        this.workspace = new Workspace(root);
        this.config = workspace.clientConfig(JOB_ID, SITE);
    }

    DeployedJob withConfig(String json) {
        return withConfig(json.getBytes(StandardCharsets.UTF_8));
    }

    DeployedJob withConfig(byte[] content) {
        try {
            Files.createDirectories(config.getParent());
            Files.write(config, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    byte[] bytes() {
        try {
            return Files.readAllBytes(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    JsonNode tree() {
        try {
            return EXACT.readTree(bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return EXACT.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A site-process context for the job, streaming allowed. */
    JobContext.Builder context() {
        return JobContext.builder()
                .jobId(JOB_ID)
                .identityName(SITE)
                .processType(ProcessType.CLIENT_PARENT)
                .workspace(workspace);
    }

    JobContext allowed() {
        return context().build();
    }

    JobContext disallowed() {
        return context().siteSettings(SiteSettings.of(Map.of(SiteSettings.ALLOW_LOG_STREAMING, false))).build();
    }
}
