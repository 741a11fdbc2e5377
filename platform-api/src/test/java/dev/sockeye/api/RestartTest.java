package dev.sockeye.api;

import dev.sockeye.api.testing.RestartMarker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after the tests without a profile: Quarkus stops the app (closing the store stops embedded Postgres) and
 * starts it again on the same data directory; what {@link FullFlowTest} stored, and its token, are still there.
 */
@QuarkusTest
@TestProfile(RestartTest.Restarted.class)
class RestartTest {

    /** A profile of its own only to make Quarkus restart the application. */
    public static class Restarted implements QuarkusTestProfile {}

    @Test
    void everythingStoredBeforeTheRestartIsStillThere() throws InterruptedException {
        Properties marker = RestartMarker.read().orElse(null);
        Assumptions.assumeTrue(marker != null, "FullFlowTest did not run before this test in this JVM");
        FullFlowTest.assertStillThere(marker.getProperty("token"), marker.getProperty("function"));
    }
}
