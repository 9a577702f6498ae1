package io.jobtail.bench.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The markdown report a run writes: sections with tables, and the targets with whether
 * each was met. Not thread-safe; the driver thread writes it.
 */
public final class Report {
    private final StringBuilder body = new StringBuilder();
    private final List<String> targets = new ArrayList<>();

    public void section(String title) {
        body.append("\n## ").append(title).append("\n\n");
    }

    public void text(String line) {
        body.append(line).append('\n');
    }

    public void table(String... header) {
        body.append('|').append(String.join("|", header)).append("|\n|");
        for (int i = 0; i < header.length; i++) {
            body.append("---|");
        }
        body.append('\n');
    }

    public void row(Object... cells) {
        body.append('|');
        for (Object c : cells) {
            body.append(c).append('|');
        }
        body.append('\n');
    }

    /** Records a target: {@code measured <= limit} (or >= when {@code atLeast}). */
    public void target(String what, double measured, double limit, boolean atLeast, String unit) {
        boolean met = atLeast ? measured >= limit : measured <= limit;
        String verdict = met ? "met" : String.format(Locale.ROOT, "MISSED by %.2f %s (%.0f%%)", Math.abs(measured - limit), unit,
                100 * Math.abs(measured - limit) / limit);
        targets.add(String.format(Locale.ROOT, "|%s|%s %s %s|%s|%s|", what, atLeast ? "≥" : "≤", num(limit), unit,
                num(measured) + " " + unit, verdict));
    }

    public static String num(double v) {
        if (v != 0 && Math.abs(v) < 0.01) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.2f", v);
    }

    public static String ms(long nanos) {
        return num(nanos / 1e6);
    }

    public String markdown(String header) {
        StringBuilder out = new StringBuilder(header);
        out.append("\n## Targets\n\n|figure|target|measured|verdict|\n|---|---|---|---|\n");
        targets.forEach(t -> out.append(t).append('\n'));
        out.append(body);
        return out.toString();
    }
}
