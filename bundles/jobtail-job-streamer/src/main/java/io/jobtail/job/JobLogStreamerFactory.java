package io.jobtail.job;

import io.jobtail.api.ComponentFactory;
import io.jobtail.api.Widget;
import java.util.Map;

/** Creates {@link JobLogStreamer}s from job config entries. Stateless. */
public final class JobLogStreamerFactory implements ComponentFactory {
    @Override
    public String type() {
        return JobLogStreamer.TYPE;
    }

    @Override
    public Widget create(Map<String, Object> args) {
        return new JobLogStreamer(JobLogStreamerSettings.fromArgs(args));
    }
}
