package io.jobtail.itests.felix;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ops4j.pax.exam.Option;

/**
 * The Felix framework the tests run, as Pax Exam options: the runtime a Jobtail user installs
 * into plain Felix (docs/felix.md lists the same bundles in the same order), then Jobtail's bundles.
 * Bundle files come from {@code felix-bundles.properties}, which the build fills with the jars it
 * resolved. Runs on the test's side, before the framework starts.
 */
final class FelixSetup {
    /** System property in the framework: the class path of job processes. */
    static final String JOB_CLASSPATH = "jobtail.test.job.classpath";
    /** System property in the framework: the SiteLogStreamer bundle's jar, for hot deployment. */
    static final String SITE_STREAMER_JAR = "jobtail.test.site.streamer.jar";
    /** System property in the framework: the directory FileInstall watches. */
    static final String DEPLOY_DIR = "jobtail.test.deploy.dir";
    /** System property in the framework: the file the framework's SLF4J logs go to. */
    static final String LOG_FILE = "jobtail.test.log.file";

    /** Jobtail's bundles in dependency order, SiteLogStreamer last (tests may leave it out). */
    static final List<String> JOBTAIL = List.of("jobtail.api", "jobtail.streaming", "jobtail.transport.http",
            "jobtail.receiver", "jobtail.job.streamer", "jobtail.host", "jobtail.site.streamer");

    private static final Properties FILES = load();

    private FelixSetup() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = FelixSetup.class.getResourceAsStream("/felix-bundles.properties")) {
            if (in == null) {
                throw new IllegalStateException("felix-bundles.properties is not on the class path; run the tests through Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String file(String key) {
        String value = FILES.getProperty(key);
        if (value == null || value.startsWith("${") || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException("felix-bundles.properties: " + key + " = " + value + " is not a file");
        }
        return value;
    }

    private static Option bundleOf(String key, int startLevel) {
        return bundle(Path.of(file(key)).toUri().toString()).startLevel(startLevel);
    }

    /**
     * The framework with its runtime and Jobtail's bundles.
     *
     * @param name names the log file ({@code target/felix-logs/<name>.log})
     * @param withSiteStreamer whether to install the SiteLogStreamer bundle from the start
     * @param deployDir the directory FileInstall watches (polled every 200 ms)
     */
    static Option felix(String name, boolean withSiteStreamer, Path deployDir) {
        Path logFile = Path.of("target", "felix-logs", name + ".log").toAbsolutePath();
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(deployDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("pax.exam.osgi.unresolved.fail").value("true"));
        // the JDK's HTTP server (transport and host) is not among the packages Felix exports by default
        options.add(systemPackage("com.sun.net.httpserver"));
        options.add(systemProperty("org.slf4j.simpleLogger.logFile").value(logFile.toString()));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"));
        options.add(systemProperty("org.slf4j.simpleLogger.showDateTime").value("true"));
        options.add(systemProperty(LOG_FILE).value(logFile.toString()));
        options.add(systemProperty(JOB_CLASSPATH).value(FILES.getProperty("job.classpath")));
        options.add(systemProperty(SITE_STREAMER_JAR).value(file("jobtail.site.streamer")));
        options.add(systemProperty(DEPLOY_DIR).value(deployDir.toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(deployDir.toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        // SLF4J 2 finds its provider through SPI Fly; both must be up before anything logs (notes §5)
        for (String key : List.of("asm", "asm.commons", "asm.util", "asm.tree", "asm.analysis", "spifly", "slf4j.api",
                "slf4j.simple")) {
            options.add(bundleOf(key, 1));
        }
        for (String key : List.of("osgi.util.function", "osgi.util.promise", "osgi.service.component", "osgi.service.log",
                "felix.configadmin", "felix.scr", "felix.metatype", "felix.fileinstall", "jackson.annotations",
                "jackson.core", "jackson.databind")) {
            options.add(bundleOf(key, 2));
        }
        for (String key : JOBTAIL) {
            if (withSiteStreamer || !key.equals("jobtail.site.streamer")) {
                options.add(bundleOf(key, 3));
            }
        }
        options.add(junitBundles());
        return composite(options.toArray(new Option[0]));
    }
}
