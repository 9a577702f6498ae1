package io.jobtail.site;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Replaces a file's whole content. The seam through which {@link SiteLogStreamer} writes job
 * configs, so tests can make a write fail without relying on file permissions (which root ignores).
 */
@FunctionalInterface
interface FileReplacer {

    /**
     * Replaces the content of {@code file} with {@code content}.
     *
     * @throws IOException if the file could not be replaced; {@code file} must then be unchanged
     */
    void replace(Path file, byte[] content) throws IOException;

    /** The real one: {@link AtomicFileReplacer}. */
    static FileReplacer atomic() {
        return AtomicFileReplacer.INSTANCE;
    }
}
