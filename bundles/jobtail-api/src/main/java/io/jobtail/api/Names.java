package io.jobtail.api;

/**
 * The rule for every name that becomes a path component: job ids, site names and log file
 * names.
 *
 * <p>A safe name is 1 to {@value #MAX_LENGTH} characters of ASCII letters, digits and
 * {@code . _ - + @ =}, starting with a letter or a digit. That rules out by construction empty
 * names, {@code .}, {@code ..}, hidden files, separators of any platform, NUL and other control
 * characters, and Unicode look-alikes of {@code /} and {@code .}; it also keeps room for the
 * suffixes the store adds. The rule is deliberately narrow: a name it refuses can always be
 * renamed, a name it lets through can never do harm.
 */
public final class Names {
    /** The longest name accepted, in characters (all ASCII, so also in bytes). */
    public static final int MAX_LENGTH = 128;

    private Names() {
    }

    /**
     * Returns {@code value} if it is a safe name.
     *
     * @param what what the name is, for the message ("job id", "site name", "log file name")
     * @throws IllegalArgumentException naming {@code what}, the value and the reason
     */
    public static String requireSafe(String what, String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + quote(value) + " is not allowed: " + problem);
        }
        return value;
    }

    /** True if {@code value} is a safe name. */
    public static boolean isSafe(String value) {
        return problem(value) == null;
    }

    /** Why {@code value} is not a safe name, or null if it is. */
    public static String problem(String value) {
        if (value == null) {
            return "it is missing";
        }
        if (value.isEmpty()) {
            return "it is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "it is " + value.length() + " characters long (at most " + MAX_LENGTH + ")";
        }
        char first = value.charAt(0);
        if (!isAsciiLetterOrDigit(first)) {
            return "it must start with a letter or a digit, not " + describe(first);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && ".-_+@=".indexOf(c) < 0) {
                return "it contains " + describe(c) + " at position " + i
                        + " (allowed: ASCII letters, digits and . _ - + @ =)";
            }
        }
        return null;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String describe(char c) {
        if (c == '/' || c == '\\') {
            return "a path separator '" + c + "'";
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            return String.format("the control character U+%04X", (int) c);
        }
        if (c > 0x7e) {
            return String.format("the non-ASCII character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    /** Quotes a value for an error message, escaping what would not print and bounding its length. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(value.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        if (value.length() > limit) {
            sb.append("…(").append(value.length()).append(" chars)");
        }
        return sb.append('"').toString();
    }
}
