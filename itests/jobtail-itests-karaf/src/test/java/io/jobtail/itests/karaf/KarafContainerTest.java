package io.jobtail.itests.karaf;

import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * One fresh Karaf per test class ({@link KarafOptions#container()}), stopped by Pax Exam when the
 * class ends, whether its tests passed or not. The tests run inside it, after Karaf's boot features
 * are installed, with a {@link KarafShell} and the {@link Components} view ready.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class KarafContainerTest {
    @Inject
    protected BundleContext context;
    @Inject
    protected ConfigurationAdmin configAdmin;
    @Inject
    private SessionFactory sessions;
    /** Injected only once Karaf has installed its boot features: nothing races with them. */
    @Inject
    private BootFinished bootFinished;

    protected KarafShell shell;
    protected Components components;

    @Configuration
    public Option[] container() {
        return KarafOptions.container();
    }

    @Before
    public void openShell() {
        shell = new KarafShell(sessions);
        components = new Components(context);
    }

    @After
    public void closeShell() {
        shell.close();
    }
}
