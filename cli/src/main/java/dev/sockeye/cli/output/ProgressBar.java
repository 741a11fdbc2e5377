package dev.sockeye.cli.output;

import java.io.PrintStream;
import java.util.Locale;

/**
 * How far an upload is, told the bytes sent so far of how many. On a terminal one bar redrawn in place ({@code \r}) each whole
 * percent; elsewhere (a log, a CI job) a plain line at each quarter, so logs stay readable.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final int PLAIN_STEP_PERCENT = 25;

    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private int shownPercent = -1;

    public ProgressBar(PrintStream out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    public void update(long sent, long total) {
        int percent = total <= 0 ? 100 : (int) Math.min(100, sent * 100 / total);
        if (terminal) {
            if (percent == shownPercent) {
                return;
            }
            int filled = percent * WIDTH / 100;
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%%", percent) + " " + size(Math.min(sent, total)) + " / "
                    + size(total));
            if (percent == 100) {
                out.println();
            }
        } else {
            int step = percent / PLAIN_STEP_PERCENT * PLAIN_STEP_PERCENT;
            if (step == 0 || step <= shownPercent) {
                return;
            }
            percent = step;
            out.println(label + " " + step + "% (" + Math.min(sent, total) + " of " + total + " bytes)");
        }
        out.flush();
        shownPercent = percent;
    }

    /** Bytes for people: B, KiB or MiB with one decimal. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
