package io.jobtail.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test its {@link JobtailCluster} and cleans up after it: every process the cluster
 * started is stopped and its directory deleted after each test, also when the test fails; a failed
 * test's directory (process outputs, workspaces, the server's store) is first copied to
 * {@code target/failed-itests/<class>.<method>/}, because the processes' output is what explains a
 * multi-process failure and it would otherwise go with the temporary directory.
 *
 * <pre>{@code
 * @RegisterExtension
 * final JobtailClusterExtension clusters = new JobtailClusterExtension();
 * ...
 * JobtailCluster cluster = clusters.create(List.of("site-1", "site-2"));
 * }</pre>
 *
 * <p>One cluster per test at most. Not thread-safe: JUnit calls it on the test's thread.
 */
public final class JobtailClusterExtension implements AfterTestExecutionCallback, AfterEachCallback {
    private static final Path KEPT = Path.of("target", "failed-itests");

    private Path root;
    private JobtailCluster cluster;

    /** A cluster of a server and {@code sites} in a fresh temporary directory; nothing is started yet. */
    public JobtailCluster create(List<String> sites) throws IOException {
        if (cluster != null) {
            throw new IllegalStateException("this test already has a cluster");
        }
        root = Files.createTempDirectory("jobtail-itest-");
        cluster = JobtailCluster.create(root, sites);
        return cluster;
    }

    /** Keeps the evidence of a failed test while its processes still run (their output is complete up to the failure). */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (cluster != null && context.getExecutionException().isPresent()) {
            Path kept = cluster.keepEvidence(KEPT.resolve(context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName()));
            System.err.println("[itests] " + context.getDisplayName() + " failed; process outputs, workspaces and the "
                    + "server's store kept in " + kept.toAbsolutePath());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            cluster = null;
            if (root != null) {
                deleteTree(root);
                root = null;
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
