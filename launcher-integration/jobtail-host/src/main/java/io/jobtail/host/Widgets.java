package io.jobtail.host;

import io.jobtail.api.JobContext;
import io.jobtail.api.Widget;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The widgets of one process, and the event dispatch to them.
 *
 * <p>{@link #fire} calls every widget in order on the calling thread; the host calls it from one
 * thread at a time per process (the {@link Widget} contract). A widget that throws is logged with the
 * event, the job and the widget, and the others still see the event.
 */
public final class Widgets {
    private static final Logger LOG = LoggerFactory.getLogger(Widgets.class);

    private final List<Widget> widgets;

    public Widgets(List<Widget> widgets) {
        this.widgets = List.copyOf(widgets);
    }

    public List<Widget> list() {
        return widgets;
    }

    /** @return how many widgets threw */
    public synchronized int fire(String type, JobContext ctx) {
        int failures = 0;
        for (Widget widget : widgets) {
            try {
                widget.handleEvent(type, ctx);
            } catch (RuntimeException e) {
                failures++;
                LOG.error("{} failed handling {} for job {} at {}: {}", widget.getClass().getName(), type,
                        ctx.jobId(), ctx.identityName(), e.toString(), e);
            }
        }
        return failures;
    }
}
