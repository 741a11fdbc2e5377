package dev.sockeye.store.egress;

import static dev.sockeye.store.Fixtures.ACTOR;
import static dev.sockeye.store.Fixtures.createFunction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.Eventually;
import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.errors.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EgressPolicyStoreTest extends StoreTest {

    private EgressPolicyStore policies;

    @BeforeEach
    void prepare() {
        policies = store.egressPolicies();
        createFunction(store, "hello");
    }

    @Test
    void newFunctionStartsWithAnEmptyEnforcingPolicyAtRevisionZero() {
        PolicyRevision policy = policies.get("hello");

        assertThat(policy.rules()).isEmpty();
        assertThat(policy.mode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(policy.revision()).isZero();
    }

    @Test
    void replaceStoresRulesAndModeAndBumpsTheRevision() {
        long revision = policies.replace(
                "hello", List.of("tcp://api.example.com:443", "dns:*.example.com"), PolicyMode.LEARN, 0, ACTOR);

        PolicyRevision policy = policies.get("hello");
        assertThat(revision).isEqualTo(1);
        assertThat(policy.revision()).isEqualTo(1);
        assertThat(policy.rules()).containsExactly("tcp://api.example.com:443", "dns:*.example.com");
        assertThat(policy.mode()).isEqualTo(PolicyMode.LEARN);
        assertThat(policy.updatedBy()).isEqualTo(ACTOR);
    }

    @Test
    void writeBasedOnAStaleRevisionIsAConflictAndChangesNothing() {
        policies.replace("hello", List.of("tcp://a.example:443"), PolicyMode.ENFORCE, 0, ACTOR);

        assertThatThrownBy(() ->
                        policies.replace("hello", List.of("tcp://b.example:443"), PolicyMode.ENFORCE, 0, "test:bob"))
                .isInstanceOf(StoreException.Conflict.class)
                .hasMessageContaining("at revision 1, not 0");
        assertThat(policies.get("hello").rules()).containsExactly("tcp://a.example:443");
    }

    @Test
    void twoConcurrentWritersOfOnePolicyGetOneSuccessAndOneConflictNeverALostUpdate() throws Exception {
        var writers = Executors.newFixedThreadPool(2);
        try (Connection blocker = store.database().direct().getConnection()) {
            // Hold the policy row so both writers are inside their transactions, waiting on it, at once.
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("select * from egress_policies for update")) {
                lock.executeQuery();
            }
            CompletableFuture<Long> alice = CompletableFuture.supplyAsync(
                    () -> policies.replace(
                            "hello", List.of("tcp://alice.example:443"), PolicyMode.ENFORCE, 0, "test:alice"),
                    writers);
            CompletableFuture<Long> bob = CompletableFuture.supplyAsync(
                    () -> policies.replace(
                            "hello", List.of("tcp://bob.example:443"), PolicyMode.ENFORCE, 0, "test:bob"),
                    writers);
            Eventually.await("both writers wait for the policy row lock", () -> Sql.queryLong(store, """
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and datname = current_database()""") == 2);
            blocker.commit();

            List<Object> outcomes = List.of(outcome(alice), outcome(bob));
            assertThat(outcomes).filteredOn(Long.class::isInstance).containsExactly(1L);
            assertThat(outcomes)
                    .filteredOn(StoreException.Conflict.class::isInstance)
                    .hasSize(1);
        } finally {
            writers.shutdown();
        }
        PolicyRevision policy = policies.get("hello");
        assertThat(policy.revision()).isEqualTo(1);
        assertThat(policy.rules())
                .containsExactly(
                        policy.updatedBy().equals("test:alice") ? "tcp://alice.example:443" : "tcp://bob.example:443");
        assertThat(policies.history("hello")).hasSize(1);
    }

    @Test
    void everyChangeIsKeptWithBeforeAfterWhoAndWhen() {
        policies.replace("hello", List.of("tcp://a.example:443"), PolicyMode.LEARN, 0, "test:alice");
        policies.replace("hello", List.of("tcp://b.example:443"), PolicyMode.ENFORCE, 1, "test:bob");

        List<PolicyChange> history = policies.history("hello");

        assertThat(history).extracting(PolicyChange::revision).containsExactly(2L, 1L);
        PolicyChange latest = history.getFirst();
        assertThat(latest.rulesBefore()).containsExactly("tcp://a.example:443");
        assertThat(latest.modeBefore()).isEqualTo(PolicyMode.LEARN);
        assertThat(latest.rulesAfter()).containsExactly("tcp://b.example:443");
        assertThat(latest.modeAfter()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(latest.changedBy()).isEqualTo("test:bob");
        assertThat(latest.changedAt()).isAfterOrEqualTo(history.get(1).changedAt());
    }

    @Test
    void revertRestoresAnEarlierRevisionAsANewRevision() {
        policies.replace("hello", List.of("tcp://good.example:443"), PolicyMode.ENFORCE, 0, ACTOR);
        policies.replace("hello", List.of("tcp://*:*"), PolicyMode.LEARN, 1, "test:mallory");

        long revision = policies.revertTo("hello", 1, 2, "test:admin");

        PolicyRevision policy = policies.get("hello");
        assertThat(revision).isEqualTo(3);
        assertThat(policy.rules()).containsExactly("tcp://good.example:443");
        assertThat(policy.mode()).isEqualTo(PolicyMode.ENFORCE);
        assertThat(policies.history("hello").getFirst().changedBy()).isEqualTo("test:admin");
    }

    @Test
    void revertToRevisionZeroRestoresTheEmptyPolicy() {
        policies.replace("hello", List.of("tcp://a.example:443"), PolicyMode.LEARN, 0, ACTOR);

        policies.revertTo("hello", 0, 1, ACTOR);

        assertThat(policies.get("hello").rules()).isEmpty();
        assertThat(policies.get("hello").mode()).isEqualTo(PolicyMode.ENFORCE);
    }

    @Test
    void revertToARevisionThatNeverExistedIsNotFound() {
        assertThatThrownBy(() -> policies.revertTo("hello", 7, 0, ACTOR))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("no revision 7");
    }

    @Test
    void rulesRejectedByTheValidatorAreNotStored() {
        EgressPolicyStore strict =
                new EgressPolicyStore(new Transactor(store.database().pooled()), rules -> {
                    if (rules.contains("tcp://*:*")) {
                        throw new StoreException.Invalid("egress rule 'tcp://*:*' allows everything");
                    }
                });

        assertThatThrownBy(() -> strict.replace("hello", List.of("tcp://*:*"), PolicyMode.ENFORCE, 0, ACTOR))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("allows everything");
        assertThat(policies.get("hello").revision()).isZero();
    }

    @Test
    void multiLineRuleIsInvalidWithTheDefaultValidator() {
        assertThatThrownBy(
                        () -> policies.replace("hello", List.of("tcp://a:1\ntcp://b:2"), PolicyMode.ENFORCE, 0, ACTOR))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("egress rule 1 must be one non-blank line");
    }

    @Test
    void missingRulesOrModeAreInvalid() {
        assertThatThrownBy(() -> policies.replace("hello", null, PolicyMode.ENFORCE, 0, ACTOR))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("needs a rule list");
        assertThatThrownBy(() -> policies.replace("hello", List.of(), null, 0, ACTOR))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("and a mode");
    }

    @Test
    void policyOfAMissingFunctionIsNotFound() {
        assertThatThrownBy(() -> policies.replace("ghost", List.of(), PolicyMode.ENFORCE, 0, ACTOR))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("'ghost' does not exist");
    }

    private static Object outcome(CompletableFuture<Long> write) throws InterruptedException {
        try {
            return write.get();
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
