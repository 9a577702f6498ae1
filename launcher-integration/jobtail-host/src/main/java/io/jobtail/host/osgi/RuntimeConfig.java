package io.jobtail.host.osgi;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Checks the runtimes' configuration values, naming the key and the bad value. */
final class RuntimeConfig {
    private RuntimeConfig() {
    }

    /**
     * @param fallback used when the value is blank; null means the key is required
     * @throws IllegalArgumentException naming the key when it is required and blank, or not a path
     */
    static Path path(String pid, String key, String value, Path fallback) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw new IllegalArgumentException(pid + ": configuration key " + key + " is required");
            }
            return fallback;
        }
        try {
            return Path.of(value.trim()).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(pid + ": configuration key " + key + " = \"" + value + "\" is not a path: "
                    + e.getMessage(), e);
        }
    }

    static String required(String pid, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(pid + ": configuration key " + key + " is required");
        }
        return value.trim();
    }
}
