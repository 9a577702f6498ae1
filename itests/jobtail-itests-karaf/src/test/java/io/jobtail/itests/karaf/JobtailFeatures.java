package io.jobtail.itests.karaf;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The artifacts of the {@code jobtail-features} module as this build staged them, seen from
 * inside the container: the feature repository URL operators type, the bundles' locations and
 * the default configuration files.
 */
final class JobtailFeatures {
    static final String SITE_PID = "io.jobtail.site.SiteLogStreamer";
    static final String RECEIVER_PID = "io.jobtail.receiver.JobLogReceiver";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private JobtailFeatures() {
    }

    static String version() {
        return required(KarafOptions.VERSION_PROPERTY);
    }

    /** {@code mvn:io.jobtail/jobtail-features/<version>/xml/features}, what {@code feature:repo-add} takes. */
    static String repositoryUrl() {
        return "mvn:io.jobtail/jobtail-features/" + version() + "/xml/features";
    }

    /** A Jobtail artifact in the staged repository, e.g. {@code artifact("jobtail-site-streamer", "", "jar")}. */
    static Path artifact(String artifactId, String classifier, String extension) {
        String version = version();
        return Path.of(required(KarafOptions.REPO_PROPERTY), "io", "jobtail", artifactId, version,
                artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension);
    }

    /**
     * The default configuration the features install for {@code classifier} ({@code site-log-streamer}
     * or {@code job-log-receiver}), with {@code ${property}} placeholders replaced from this JVM's
     * system properties as Karaf's FileInstall replaces them.
     */
    static Map<String, String> defaultConfig(String classifier) throws IOException {
        Properties cfg = new Properties();
        try (Reader in = Files.newBufferedReader(artifact("jobtail-features", classifier, "cfg"), StandardCharsets.UTF_8)) {
            cfg.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : cfg.stringPropertyNames()) {
            Matcher m = PLACEHOLDER.matcher(cfg.getProperty(key));
            values.put(key, m.replaceAll(r -> Matcher.quoteReplacement(required(r.group(1)))));
        }
        if (values.isEmpty()) {
            throw new AssertionError("default config " + classifier + " sets nothing");
        }
        return values;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set in the container");
        }
        return value;
    }
}
