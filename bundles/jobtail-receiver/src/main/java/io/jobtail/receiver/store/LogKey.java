package io.jobtail.receiver.store;

import io.jobtail.api.Names;

/**
 * Which log: job, site and file, each a checked name. Building one is the only way into the
 * store's paths, so a bad name is refused before anything touches the disk.
 */
record LogKey(String job, String site, String file) {

    LogKey {
        requireJob(job);
        requireSite(site);
        requireFile(file);
    }

    static String requireJob(String job) {
        return Names.requireSafe("job id", job);
    }

    static String requireSite(String site) {
        return Names.requireSafe("site name", site);
    }

    static String requireFile(String file) {
        Names.requireSafe("log file name", file);
        // A log named like a state file would be overwritten by, or mistaken for, another log's state.
        if (file.endsWith(LogPaths.STATE_SUFFIX)) {
            throw new IllegalArgumentException("log file name " + Names.quote(file) + " is not allowed: names ending in "
                    + LogPaths.STATE_SUFFIX + " are reserved for the store's state files");
        }
        return file;
    }

    @Override
    public String toString() {
        return "job " + job + " site " + site + " file " + file;
    }
}
