package io.jobtail.host;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Widget;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The widgets of one process, and the event dispatch to them. The set is live: in OSGi widgets
 * are services that come and go while the process runs ({@link #add}, {@link #remove}); in a plain
 * JVM the host builds it once from its config.
 *
 * <p>{@link #fire} calls every widget in order on the calling thread; the host calls it from one
 * thread at a time per process (the {@link Widget} contract), and so does {@link #add}: all three
 * hold this object's lock, so no widget ever sees two events at once. A widget that throws is logged
 * with the event, the job and the widget, and the others still see the event.
 *
 * <p>A widget added after the process started ({@link #start}) gets {@code SYSTEM_START} on its own
 * as it joins, with the process's context, so that a receiver deployed into a running server
 * registers for streams like one that was there from the beginning. A widget removed is not called
 * again once {@link #remove} returns (removal waits for an event being dispatched).
 */
public final class Widgets {
    private static final Logger LOG = LoggerFactory.getLogger(Widgets.class);

    /** Copied on write: {@link #list} hands out snapshots without holding the lock. */
    private final List<Widget> widgets;
    /** The process's SYSTEM_START context once {@link #start} ran; guarded by {@code this}. */
    private JobContext started;

    public Widgets(List<Widget> widgets) {
        this.widgets = new CopyOnWriteArrayList<>(widgets);
    }

    /** A set with no widget yet, to be filled with {@link #add} (OSGi whiteboard). */
    public static Widgets live() {
        return new Widgets(List.of());
    }

    /** A snapshot of the widgets, in the order they are called. */
    public List<Widget> list() {
        return List.copyOf(widgets);
    }

    /**
     * Fires {@code SYSTEM_START} to every widget and remembers {@code ctx} for widgets added later.
     *
     * @return how many widgets threw
     */
    public synchronized int start(JobContext ctx) {
        started = Objects.requireNonNull(ctx, "ctx");
        return fire(EventType.SYSTEM_START.name(), ctx);
    }

    /**
     * Adds a widget; if the process has started, it gets {@code SYSTEM_START} first, on this thread.
     * Adding a widget that is already there changes nothing.
     */
    public synchronized void add(Widget widget) {
        Objects.requireNonNull(widget, "widget");
        if (widgets.contains(widget)) {
            return;
        }
        widgets.add(widget);
        LOG.info("widget {} joined{}", widget, started == null ? "" : " the running " + started.identityName());
        if (started != null) {
            deliver(widget, EventType.SYSTEM_START.name(), started);
        }
    }

    /** Removes a widget; returns once no event is being dispatched to it. Unknown widgets are ignored. */
    public synchronized void remove(Widget widget) {
        if (widgets.remove(widget)) {
            LOG.info("widget {} left", widget);
        }
    }

    /** @return how many widgets threw */
    public synchronized int fire(String type, JobContext ctx) {
        int failures = 0;
        for (Widget widget : widgets) {
            if (!deliver(widget, type, ctx)) {
                failures++;
            }
        }
        return failures;
    }

    private static boolean deliver(Widget widget, String type, JobContext ctx) {
        try {
            widget.handleEvent(type, ctx);
            return true;
        } catch (RuntimeException e) {
            LOG.error("{} failed handling {} for job {} at {}: {}", widget.getClass().getName(), type,
                    ctx.jobId(), ctx.identityName(), e.toString(), e);
            return false;
        }
    }
}
