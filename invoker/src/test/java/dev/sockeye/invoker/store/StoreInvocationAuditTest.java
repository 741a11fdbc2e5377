package dev.sockeye.invoker.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.invoker.audit.InvocationRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a run's HTTP status and outcome become the store's "ok", "error" or "timeout". */
class StoreInvocationAuditTest {

    @Test
    void answeredRunsCountByTheirStatus() {
        assertThat(stored(200, "exited(0)")).isEqualTo("ok");
        assertThat(stored(404, "exited(0)")).isEqualTo("ok");
        assertThat(stored(500, "exited(3)")).isEqualTo("error");
        assertThat(stored(502, "response-too-large")).isEqualTo("error");
        assertThat(stored(503, "not-run")).isEqualTo("error");
        assertThat(stored(504, "timeout")).isEqualTo("timeout");
    }

    @Test
    void runsCutOffAfterTheirResponseStartedCountByHowTheyEnded() {
        assertThat(stored(200, "timeout")).isEqualTo("timeout");
        assertThat(stored(200, "trapped")).isEqualTo("error");
        assertThat(stored(200, "interrupted")).isEqualTo("error");
        assertThat(stored(200, "response-too-large")).isEqualTo("error");
    }

    @Test
    void runsWhoseClientLeftAreNotTheFunctionsError() {
        assertThat(stored(499, "interrupted,client-gone")).isEqualTo("ok");
        assertThat(stored(200, "exited(0),client-gone")).isEqualTo("ok");
    }

    private static String stored(int status, String outcome) {
        return StoreInvocationAudit.storedStatus(new InvocationRecord(
                "00000000-0000-0000-0000-000000000001",
                "f",
                "sha",
                1,
                "GET",
                "/",
                status,
                outcome,
                Instant.EPOCH,
                Duration.ZERO,
                0,
                0));
    }
}
