package io.jobtail.itests.karaf;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.propagateSystemProperties;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The Karaf 4.4.10 container every test class starts: a fresh copy of the distribution under
 * {@code target/exam}, deleted when the class ends. Runs in the surefire JVM.
 *
 * <p>Maven resolution inside Karaf (pax-url) looks, in this order, at Karaf's {@code system/}
 * folder, at {@code target/karaf-repo} (the Jobtail artifacts of this build, staged by the pom)
 * and at the build's local repository, and only then at Maven Central; Karaf's default Apache and
 * OPS4J snapshot repositories are dropped, so nothing waits on a repository this machine cannot
 * reach.
 */
final class KarafOptions {
    /** The staged Maven-layout repository with this build's Jobtail artifacts. */
    static final String REPO_PROPERTY = "jobtail.karaf.repo";
    /** The Jobtail version under test (the features' Maven version). */
    static final String VERSION_PROPERTY = "jobtail.version";
    private static final String LOCAL_REPO_PROPERTY = "jobtail.maven.local";
    private static final String PAX_URL_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    /** The Karaf version (its endorsed jars are named after it). */
    private static final String KARAF_VERSION_PROPERTY = "jobtail.karaf.version";

    private KarafOptions() {
    }

    /** Options for a container with nothing of Jobtail installed yet. */
    static Option[] container() {
        String stagedRepo = requiredDirectory(REPO_PROPERTY);
        String localRepo = requiredDirectory(LOCAL_REPO_PROPERTY);
        String karafVersion = System.getProperty(KARAF_VERSION_PROPERTY);
        if (karafVersion == null || karafVersion.isBlank()) {
            throw new IllegalStateException("system property " + KARAF_VERSION_PROPERTY + " (set by the pom) is missing");
        }
        return new Option[] {
            // -Djobtail.karaf.keep=true keeps target/exam/<uuid> (etc/, data/log/karaf.log) for a post-mortem.
            when(Boolean.getBoolean("jobtail.karaf.keep")).useOptions(keepRuntimeFolder()),
            karafDistributionConfiguration()
                    .frameworkUrl(maven().groupId("org.apache.karaf").artifactId("apache-karaf").type("tar.gz")
                            .versionAsInProject())
                    .name("Apache Karaf")
                    .unpackDirectory(new File("target/exam"))
                    // Exam provisions through etc/ and the features service; deploy/ stays ours.
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut(PAX_URL_CFG, "org.ops4j.pax.url.mvn.localRepository", localRepo),
            // Karaf's own three, then this build's artifacts, then the build's local repository.
            editConfigurationFilePut(PAX_URL_CFG, "org.ops4j.pax.url.mvn.defaultRepositories",
                    "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots,"
                            + "${karaf.data.uri}kar@id=kar.repository@multi@snapshots,"
                            + "${karaf.base.uri}${karaf.default.repository}@id=child.system.repository@snapshots,"
                            + new File(stagedRepo).toURI() + "@id=jobtail.build@snapshots,"
                            + new File(localRepo).toURI() + "@id=build.local@snapshots"),
            editConfigurationFilePut(PAX_URL_CFG, "org.ops4j.pax.url.mvn.repositories",
                    "https://repo1.maven.org/maven2@id=central"),
            // Loopback only, on free ports: several builds may share this machine.
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
            propagateSystemProperties(REPO_PROPERTY, VERSION_PROPERTY),
            java9PlusOptions(karafVersion),
        };
    }

    /**
     * What {@code bin/karaf} passes to a JDK 9+ JVM and Pax Exam's Java runner does not: the
     * patched spec locator (without it, uninstalling a bundle fails with
     * {@code NoClassDefFoundError: org/apache/karaf/specs/locator/OsgiLocator}) and the opened
     * packages Karaf reflects into.
     */
    private static Option java9PlusOptions(String karaf) {
        return composite(
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOptions("--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar"),
                vmOptions("--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar"),
                vmOptions("--add-opens", "java.base/java.security=ALL-UNNAMED"),
                vmOptions("--add-opens", "java.base/java.net=ALL-UNNAMED"),
                vmOptions("--add-opens", "java.base/java.lang=ALL-UNNAMED"),
                vmOptions("--add-opens", "java.base/java.util=ALL-UNNAMED"),
                vmOptions("--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOptions("--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
                vmOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
                vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"));
    }

    private static String requiredDirectory(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isDirectory(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " must name an existing directory (set by"
                    + " the pom's surefire configuration), but is " + value);
        }
        return value;
    }

    private static String freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return Integer.toString(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the Karaf container", e);
        }
    }
}
