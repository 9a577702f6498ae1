package io.jobtail.receiver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the channels log bytes are written through. The seam where tests put a disk that fills
 * up; production uses {@link FileChannel#open(Path, OpenOption...)}.
 */
@FunctionalInterface
interface ChannelOpener {
    ChannelOpener FILES = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
