package dev.sockeye.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T11:40:00Z");

    private static String ago(Duration age) {
        return Times.ago(NOW.minus(age), NOW);
    }

    @Test
    void theLastTenSecondsAreJustNow() {
        assertThat(ago(Duration.ZERO)).isEqualTo("just now");
        assertThat(ago(Duration.ofSeconds(9))).isEqualTo("just now");
        assertThat(ago(Duration.ofSeconds(42))).isEqualTo("42 s ago");
    }

    @Test
    void minutesHoursAndDaysReadAsTheLargestWholeUnit() {
        assertThat(ago(Duration.ofMinutes(3).plusSeconds(59))).isEqualTo("3 min ago");
        assertThat(ago(Duration.ofHours(2).plusMinutes(59))).isEqualTo("2 h ago");
        assertThat(ago(Duration.ofDays(1).plusHours(5))).isEqualTo("1 day ago");
        assertThat(ago(Duration.ofDays(12))).isEqualTo("12 days ago");
    }

    @Test
    void beyondAMonthItIsTheDate() {
        assertThat(ago(Duration.ofDays(45))).isEqualTo("2026-10-19");
    }

    @Test
    void aMomentAheadOfThisClockIsNotShownAsNegative() {
        assertThat(Times.ago(NOW.plusSeconds(3), NOW)).isEqualTo("just now");
        assertThat(Times.ago(NOW.plusSeconds(300), NOW)).isEqualTo("in 5 min");
    }

    @Test
    void theExactTimeIsUtcToTheSecondWithoutMicroseconds() {
        Instant stored = Instant.parse("2026-12-03T11:39:05.123456Z");
        assertThat(Times.exact(stored)).isEqualTo("2026-12-03 11:39:05 UTC");
        assertThat(Times.iso(stored)).isEqualTo("2026-12-03T11:39:05Z");
    }
}
