package dev.sockeye.api.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the console writes a moment: relative to now ("3 min ago") for reading, with the exact UTC time (to the
 * second) in the {@code title} and the {@code datetime} attribute ({@code tags/moment.html}). Never the store's raw
 * ISO text with microseconds.
 */
@TemplateExtension
public final class Times {

    private static final DateTimeFormatter EXACT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    /** {@code 3 min ago}, as of the moment the page is rendered. */
    static String ago(Instant moment) {
        return ago(moment, Instant.now());
    }

    /** {@code 2026-12-03 11:39:05 UTC}. */
    static String exact(Instant moment) {
        return EXACT.format(moment);
    }

    /** ISO-8601 to the second, for {@code <time datetime>}. */
    static String iso(Instant moment) {
        return moment.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * {@code just now} under 10 s, then seconds, minutes, hours, days ago; beyond 30 days the date. A moment
     * slightly ahead of {@code now} (another node's clock) reads as {@code just now}, further ahead as {@code in ...}.
     */
    static String ago(Instant moment, Instant now) {
        Duration age = Duration.between(moment, now);
        if (age.isNegative()) {
            Duration ahead = age.negated();
            return ahead.toSeconds() < 10 ? "just now" : "in " + amount(ahead);
        }
        if (age.toSeconds() < 10) {
            return "just now";
        }
        if (age.toDays() > 30) {
            return DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(moment);
        }
        return amount(age) + " ago";
    }

    private static String amount(Duration duration) {
        if (duration.toMinutes() < 1) {
            return duration.toSeconds() + " s";
        }
        if (duration.toHours() < 1) {
            return duration.toMinutes() + " min";
        }
        if (duration.toDays() < 1) {
            return duration.toHours() + " h";
        }
        long days = duration.toDays();
        return days + (days == 1 ? " day" : " days");
    }
}
