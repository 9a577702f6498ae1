package io.jobtail.host.osgi;

import io.jobtail.api.Widget;
import io.jobtail.host.Widgets;
import java.nio.file.Path;

/**
 * What the server and the site runtime components share: the live set of {@link Widget} services
 * SCR fills and empties while the runtime runs, and reading their configuration against their PID.
 *
 * <p>Not annotated: DS annotations are not inherited, so each component keeps its own
 * {@code @Component}, whose {@code reference} (a {@code @Reference} with bind and unbind) names {@link #addWidget} and
 * {@link #removeWidget}, which SCR finds here (protected methods of a superclass; bnd needs
 * {@code -dsannotations-options: inherit} to see them). SCR calls them on its threads;
 * {@link Widgets} serialises them with the events.
 */
abstract class WhiteboardRuntime {
    /** The reference name and the bind and unbind methods the components' {@code @Reference} names. */
    static final String WIDGET_REFERENCE = "widget";
    static final String BIND = "addWidget";
    static final String UNBIND = "removeWidget";

    final String pid;
    final Widgets widgets = Widgets.live();

    WhiteboardRuntime(String pid) {
        this.pid = pid;
    }

    protected final void addWidget(Widget widget) {
        widgets.add(widget);
    }

    protected final void removeWidget(Widget widget) {
        widgets.remove(widget);
    }

    /** The required path configured under {@code key}, absolute; throws naming the PID and key. */
    Path requiredPath(String key, String value) {
        return RuntimeConfig.path(pid, key, value, null);
    }

    /** The path configured under {@code key}, absolute, or {@code fallback} when blank. */
    Path path(String key, String value, Path fallback) {
        return RuntimeConfig.path(pid, key, value, fallback);
    }
}
