package dev.sockeye.store.invokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvokerHeartbeatsTest extends StoreTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(15);
    private static final Duration PRUNE_AFTER = Duration.ofHours(1);
    private static final Instant STARTED = Instant.parse("2026-12-03T10:00:00Z");

    private InvokerHeartbeats heartbeats;

    @BeforeEach
    void prepare() {
        heartbeats = store.invokerHeartbeats();
    }

    @Test
    void aBeatIsListedWithWhatTheInvokerServes() {
        heartbeats.beat(
                beat("inv-a", Map.of("hello", new ServedRevision(3, 7), "echo", new ServedRevision(1, 0))),
                PRUNE_AFTER);

        assertThat(heartbeats.list()).singleElement().satisfies(invoker -> {
            assertThat(invoker.invokerId()).isEqualTo("inv-a");
            assertThat(invoker.startedAt()).isEqualTo(STARTED);
            assertThat(invoker.ready()).isTrue();
            assertThat(invoker.status()).isEqualTo("UP");
            assertThat(invoker.stale()).isFalse();
            assertThat(invoker.lastSeen()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
            assertThat(invoker.served())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("hello", new ServedRevision(3, 7), "echo", new ServedRevision(1, 0)));
        });
    }

    @Test
    void theNextBeatReplacesTheRowInsteadOfAddingOne() {
        heartbeats.beat(beat("inv-a", Map.of("hello", new ServedRevision(1, 0))), PRUNE_AFTER);
        heartbeats.beat(new Heartbeat("inv-a", STARTED, false, "DRAINING", STALE_AFTER, Map.of()), PRUNE_AFTER);

        assertThat(Sql.queryLong(store, "select count(*) from invoker_heartbeats"))
                .isEqualTo(1);
        assertThat(heartbeats.list()).singleElement().satisfies(invoker -> {
            assertThat(invoker.ready()).isFalse();
            assertThat(invoker.status()).isEqualTo("DRAINING");
            assertThat(invoker.served()).isEmpty();
        });
    }

    @Test
    void anInvokerNotSeenForItsStaleTimeIsReportedStaleAfterTheLiveOnes() {
        heartbeats.beat(beat("inv-a", Map.of()), PRUNE_AFTER);
        heartbeats.beat(beat("inv-b", Map.of()), PRUNE_AFTER);
        Sql.execute(
                store.database().pooled(),
                "update invoker_heartbeats set last_seen = now() - interval '16 seconds' where invoker_id = 'inv-a'");

        assertThat(heartbeats.list())
                .extracting(KnownInvoker::invokerId, KnownInvoker::stale)
                .containsExactly(tuple("inv-b", false), tuple("inv-a", true));
    }

    @Test
    void aRowNotSeenForThePruneTimeIsDeletedByAnotherInvokersBeat() {
        heartbeats.beat(beat("inv-a", Map.of("hello", new ServedRevision(1, 0))), PRUNE_AFTER);
        Sql.execute(
                store.database().pooled(),
                "update invoker_heartbeats set last_seen = now() - interval '61 minutes' where invoker_id = 'inv-a'");

        heartbeats.beat(beat("inv-b", Map.of()), PRUNE_AFTER);

        assertThat(heartbeats.list()).extracting(KnownInvoker::invokerId).containsExactly("inv-b");
    }

    @Test
    void aStoppedInvokerRemovesItsRow() {
        heartbeats.beat(beat("inv-a", Map.of()), PRUNE_AFTER);

        heartbeats.remove("inv-a");

        assertThat(heartbeats.list()).isEmpty();
    }

    @Test
    void anIdWithSpacesOrNothingIsRefusedNamingIt() {
        assertThatThrownBy(() -> beat("two words", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'two words'");
        assertThatThrownBy(() -> beat("", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static Heartbeat beat(String id, Map<String, ServedRevision> served) {
        return new Heartbeat(id, STARTED, true, "UP", STALE_AFTER, served);
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(duration.toSeconds(), ChronoUnit.SECONDS);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
