package dev.sockeye.store;

import dev.sockeye.store.audit.AuditLog;
import dev.sockeye.store.audit.AuditRetention;
import dev.sockeye.store.audit.AuditWriter;
import dev.sockeye.store.changes.ChangeListener;
import dev.sockeye.store.changes.ChangeSubscriber;
import dev.sockeye.store.config.StoreConfig;
import dev.sockeye.store.database.Database;
import dev.sockeye.store.database.Schema;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.deployment.DeploymentReader;
import dev.sockeye.store.egress.EgressPolicyStore;
import dev.sockeye.store.egress.EgressRuleValidator;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.functions.FunctionStore;
import dev.sockeye.store.invokers.InvokerHeartbeats;
import dev.sockeye.store.modules.ModuleStore;
import dev.sockeye.store.secrets.SecretCipher;
import dev.sockeye.store.secrets.SecretStore;
import dev.sockeye.store.tokens.ApiTokenStore;
import dev.sockeye.store.versions.FileBundleStore;
import dev.sockeye.store.versions.VersionStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The module's front door: opens the database the configuration names and hands out the repositories, all
 * sharing one pool. The control plane opens it with {@link #openForControlPlane} (migrates the schema), invokers
 * with {@link #openForInvoker} (refuses a schema it was not built for).
 */
public final class PolicyStore implements AutoCloseable {

    private final StoreConfig config;
    private final Database database;
    private final Transactor transactor;
    private final SecretCipher cipher;
    private final EgressRuleValidator ruleValidator;
    private final AuditWriter auditWriter;

    private PolicyStore(StoreConfig config, Database database, EgressRuleValidator ruleValidator) {
        this.config = config;
        this.database = database;
        this.transactor = new Transactor(database.pooled());
        this.cipher = new SecretCipher(config.secretKeys());
        this.ruleValidator = ruleValidator;
        this.auditWriter = new AuditWriter(transactor, config.audit());
    }

    /** Opens the database (starting it if embedded) and migrates the schema to this build's version. */
    public static PolicyStore openForControlPlane(StoreConfig config, EgressRuleValidator ruleValidator) {
        return openForControlPlane(Database.open(config.postgres(), config.poolSize()), config, ruleValidator);
    }

    /**
     * Like {@link #openForControlPlane(StoreConfig, EgressRuleValidator)} on a database the caller opened, e.g.
     * {@link Database#borrowing} Quarkus' data source; {@code config.postgres()} is then not used.
     */
    public static PolicyStore openForControlPlane(
            Database database, StoreConfig config, EgressRuleValidator ruleValidator) {
        try {
            Schema.migrate(database.pooled());
            return new PolicyStore(config, database, ruleValidator);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Opens the database without changing it.
     *
     * @throws dev.sockeye.store.database.SchemaMismatchException if the schema is older or newer than this build
     */
    public static PolicyStore openForInvoker(StoreConfig config) {
        return openForInvoker(Database.open(config.postgres(), config.poolSize()), config);
    }

    /** Like {@link #openForInvoker(StoreConfig)} on a database the caller opened. */
    public static PolicyStore openForInvoker(Database database, StoreConfig config) {
        try {
            Schema.requireCurrent(database.pooled());
            return new PolicyStore(config, database, EgressRuleValidator.singleLineRules());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public FunctionStore functions() {
        return new FunctionStore(transactor);
    }

    public ModuleStore modules() {
        return new ModuleStore(transactor);
    }

    public FileBundleStore fileBundles() {
        return new FileBundleStore(transactor);
    }

    public VersionStore versions() {
        return new VersionStore(transactor);
    }

    public EgressPolicyStore egressPolicies() {
        return new EgressPolicyStore(transactor, ruleValidator);
    }

    public SecretStore secrets() {
        return new SecretStore(transactor, cipher);
    }

    public ApiTokenStore tokens() {
        return new ApiTokenStore(transactor);
    }

    public AuditWriter auditWriter() {
        return auditWriter;
    }

    public AuditLog auditLog() {
        return new AuditLog(transactor);
    }

    public AuditRetention auditRetention(Clock clock) {
        return new AuditRetention(transactor, config.audit().retention(), clock);
    }

    public InvokerHeartbeats invokerHeartbeats() {
        return new InvokerHeartbeats(transactor);
    }

    public DeploymentReader deployments() {
        return new DeploymentReader(transactor, cipher);
    }

    /** Follows the change feed after {@code afterSequence} (usually the sequence of the loaded snapshot). */
    public ChangeSubscriber subscribe(long afterSequence, ChangeListener listener) {
        return ChangeSubscriber.start(database.direct(), afterSequence, listener, config.changeFeed());
    }

    public Database database() {
        return database;
    }

    /**
     * Checks that Postgres answers within {@code timeoutSeconds}, for readiness probes.
     *
     * @throws StoreException.Unavailable naming why not
     */
    public void checkReachable(int timeoutSeconds) {
        try (Connection connection = database.pooled().getConnection()) {
            if (!connection.isValid(timeoutSeconds)) {
                throw new StoreException.Unavailable("postgres did not answer within " + timeoutSeconds + " s", null);
            }
        } catch (SQLException e) {
            throw new StoreException.Unavailable("postgres is unreachable: " + e.getMessage(), e);
        }
    }

    /** Writes queued audit entries (up to 10 s), closes the pool and stops an embedded server. */
    @Override
    public void close() {
        try {
            auditWriter.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            database.close();
        }
    }
}
