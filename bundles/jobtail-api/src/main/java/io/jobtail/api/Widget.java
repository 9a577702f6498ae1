package io.jobtail.api;

/**
 * A component that reacts to lifecycle events.
 *
 * <p>In OSGi widgets are services (whiteboard); in a plain JVM the host loads them. The host calls
 * {@link #handleEvent} from one thread per process at a time, in event order; an implementation
 * that needs to do slow work must hand it to a thread of its own. An exception thrown here is
 * recorded by the host against the job and does not stop other widgets from seeing the event.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Widget {

    /**
     * Handles one event.
     *
     * @param type the event name, usually one of {@link EventType}; unknown names must be ignored
     * @param ctx the job (or process) the event is about; never null
     */
    void handleEvent(String type, JobContext ctx);
}
