package io.jobtail.cli.logs;

/**
 * What the filters left of one site's log: its line count (as {@link LogLines#count}), its UTF-8
 * size, and whether the tail or the byte limit dropped anything.
 */
public record SiteSummary(int lines, int bytes, boolean truncated) {}
