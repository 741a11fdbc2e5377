package dev.sockeye.store.changes;

import static dev.sockeye.store.Fixtures.ACTOR;
import static dev.sockeye.store.Fixtures.createFunction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.store.Eventually;
import dev.sockeye.store.Fixtures;
import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.TestPostgres;
import dev.sockeye.store.egress.PolicyMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChangeFeedTest extends StoreTest {

    private final List<Change> received = new CopyOnWriteArrayList<>();
    private final List<Long> reconnects = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger resyncs = new java.util.concurrent.atomic.AtomicInteger();

    private final ChangeListener recorder = new ChangeListener() {
        @Override
        public void onChange(Change change) {
            received.add(change);
        }

        @Override
        public void onReconnected(long lastSequence) {
            reconnects.add(lastSequence);
        }

        @Override
        public void onResyncRequired() {
            resyncs.incrementAndGet();
        }
    };

    @Test
    void everyInvokerRelevantWriteAppearsOnceWithItsKindAndRevision() {
        createFunction(store, "hello", "/hello");
        try (ChangeSubscriber subscriber = store.subscribe(0, recorder)) {
            Fixtures.deploy(store, "hello", Map.of("GREETING", "hi"));
            store.egressPolicies().replace("hello", List.of("tcp://a.example:443"), PolicyMode.ENFORCE, 0, ACTOR);
            store.functions().updateLimits("hello", dev.sockeye.store.functions.FunctionLimits.DEFAULTS);
            store.functions().replaceRoutes("hello", List.of("/hi"));
            store.functions().setVisibility("hello", dev.sockeye.store.functions.TriggerVisibility.PRIVATE);
            store.secrets().put("hello", "API_KEY", "s3cret", ACTOR);
            store.functions().updateDescription("hello", "not relevant to invokers");
            store.functions().delete("hello");

            Eventually.await("8 changes arrive", () -> subscriber.lastSequence() == 7);
        }
        assertThat(received)
                .extracting(Change::kind)
                .containsExactly(
                        ChangeKind.ACTIVE_VERSION,
                        ChangeKind.POLICY,
                        ChangeKind.LIMITS,
                        ChangeKind.ROUTES,
                        ChangeKind.VISIBILITY,
                        ChangeKind.SECRETS,
                        ChangeKind.FUNCTION_DELETED);
        assertThat(received).extracting(Change::functionName).containsOnly("hello");
        assertThat(received.get(0).revision()).isEqualTo(1);
        assertThat(received.get(1).revision()).isEqualTo(1);
    }

    @Test
    void concurrentWritersProduceAGapFreeFeedSeenExactlyOnceInOrder() {
        createFunction(store, "one");
        createFunction(store, "two");
        int writesPerFunction = 40;
        try (ChangeSubscriber subscriber = store.subscribe(0, recorder)) {
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(() -> writePolicies("one", writesPerFunction)),
                            CompletableFuture.runAsync(() -> writePolicies("two", writesPerFunction)))
                    .join();

            Eventually.await("all changes arrive", () -> subscriber.lastSequence() == 2L * writesPerFunction);
        }
        assertThat(received)
                .extracting(Change::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * writesPerFunction)
                        .boxed()
                        .toList());
        for (String function : List.of("one", "two")) {
            assertThat(received)
                    .filteredOn(change -> change.functionName().equals(function))
                    .extracting(Change::revision)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, writesPerFunction).boxed().toList());
        }
    }

    @Test
    void subscriberWhoseConnectionIsKilledMidStreamRecoversAndCatchesUp() {
        createFunction(store, "hello");
        int writes = 60;
        try (ChangeSubscriber subscriber = store.subscribe(0, recorder)) {
            for (int revision = 0; revision < writes; revision++) {
                store.egressPolicies()
                        .replace(
                                "hello",
                                List.of("tcp://r" + revision + ".example:443"),
                                PolicyMode.ENFORCE,
                                revision,
                                ACTOR);
                if (revision == 20) {
                    terminateListeners();
                }
                if (revision == 40) {
                    // Kill the second connection only once it exists: the subscriber reconnects with a backoff,
                    // which can outlast twenty quick writes.
                    Eventually.await("the subscriber reconnected once", () -> reconnects.size() >= 1);
                    terminateListeners();
                }
            }
            Eventually.await("all changes arrive after reconnecting", () -> subscriber.lastSequence() == writes);
        }
        assertThat(received)
                .extracting(Change::revision)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, writes).boxed().toList());
        assertThat(reconnects).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void changesCommittedWhileTheSubscriberIsDisconnectedAreReadOnReconnect() {
        createFunction(store, "hello");
        try (ChangeSubscriber subscriber = store.subscribe(0, recorder)) {
            store.egressPolicies().replace("hello", List.of(), PolicyMode.LEARN, 0, ACTOR);
            Eventually.await("first change arrives", () -> subscriber.lastSequence() == 1);
            // Refuse new connections so the subscriber stays away while more writes commit (on pooled connections).
            allowConnections(false);
            terminateListeners();
            store.egressPolicies().replace("hello", List.of(), PolicyMode.ENFORCE, 1, ACTOR);
            store.egressPolicies().replace("hello", List.of(), PolicyMode.LEARN, 2, ACTOR);
            allowConnections(true);

            Eventually.await("missed changes arrive", () -> subscriber.lastSequence() == 3);
        }
        assertThat(received).extracting(Change::revision).containsExactly(1L, 2L, 3L);
    }

    @Test
    void subscriberStartingAfterASnapshotSeesOnlyLaterChanges() {
        createFunction(store, "hello");
        Fixtures.deploy(store, "hello", Map.of());
        long snapshotSequence = store.deployments().loadAll().changeSequence();

        try (ChangeSubscriber subscriber = store.subscribe(snapshotSequence, recorder)) {
            store.egressPolicies().replace("hello", List.of(), PolicyMode.LEARN, 0, ACTOR);
            Eventually.await("the new change arrives", () -> subscriber.lastSequence() == snapshotSequence + 1);
        }
        assertThat(received).extracting(Change::kind).containsExactly(ChangeKind.POLICY);
    }

    @Test
    void subscriberBehindChangesDeletedByRetentionIsToldToResyncThenFollowsOn() {
        createFunction(store, "hello");
        writePolicies("hello", 3);
        var retention = store.auditRetention(
                java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(31)));
        assertThat(retention.deleteExpired().changes()).isEqualTo(3);
        assertThat(store.deployments().loadAll().changeSequence()).isEqualTo(3);

        try (ChangeSubscriber subscriber = store.subscribe(1, recorder)) {
            store.egressPolicies().replace("hello", List.of(), PolicyMode.LEARN, 3, ACTOR);
            Eventually.await("the change after the pruned ones arrives", () -> subscriber.lastSequence() == 4);
        }
        assertThat(resyncs).hasValue(1);
        assertThat(received).extracting(Change::revision).containsExactly(4L);
    }

    private void writePolicies(String function, int count) {
        for (int revision = 0; revision < count; revision++) {
            store.egressPolicies().replace(function, List.of(), PolicyMode.ENFORCE, revision, ACTOR);
        }
    }

    private void allowConnections(boolean allowed) {
        String database = Sql.queryString(store, "select current_database()");
        Sql.execute(
                TestPostgres.server().dataSource("postgres"),
                "alter database " + database + " with allow_connections " + allowed);
    }

    private void terminateListeners() {
        Sql.queryLong(store, """
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                where datname = current_database() and application_name = ?""", ChangeSubscriber.APPLICATION_NAME);
    }
}
