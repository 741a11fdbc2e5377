package dev.sockeye.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything platform-api is configured with, from application.properties, system properties or the environment
 * ({@code SOCKEYE_DB_URL} is {@code sockeye.db.url}). Defaults are what {@code ./sockeye up} runs with.
 */
@ConfigMapping(prefix = "sockeye")
public interface SockeyeConfig {

    /** Sockeye's own directory: embedded Postgres data and the generated secret key live here. */
    // $HOME first: Java's user.home comes from the account database and ignores HOME=/x ./sockeye up.
    @WithDefault("${HOME:${user.home}}/.sockeye")
    Path home();

    Db db();

    Secrets secrets();

    Versions versions();

    /** Operator ceilings on every function's limits. */
    Limits limits();

    Bootstrap bootstrap();

    Audit audit();

    Auth auth();

    Console console();

    Invoker invoker();

    Tls tls();

    Egress egress();

    Http http();

    Log log();

    /** How this process logs. */
    interface Log {
        /**
         * {@code SOCKEYE_LOG_FORMAT}: {@code text} lines for a terminal, or {@code json}, one object per line per event
         * with the standalone invoker's field names (docs/operations.md). {@link DerivedQuarkusConfig} switches
         * Quarkus' JSON formatter on for it; this member checks it, so another value stops the start with a line
         * naming {@code sockeye.log.format}.
         */
        @WithDefault("text")
        Format format();

        /** The values of {@link #format()}. */
        enum Format {
            TEXT,
            JSON
        }
    }

    /**
     * Request-head limits of every HTTP request this process serves (triggers, API, console), as the standalone
     * invoker has them; refused with a 414 / 431 problem before any function or resource is chosen.
     */
    interface Http {
        /** Request line (method, URI, version) in bytes; 414 beyond. */
        @WithDefault("4096")
        int maxRequestLineBytes();

        /** Request headers, all {@code name: value} lines together, in bytes; 431 beyond. */
        @WithDefault("8192")
        int maxRequestHeaderBytes();
    }

    /** Operator settings of every function's egress (docs/egress-policy.md, "Operator settings"). */
    interface Egress {
        /**
         * Let name rules reach the special ranges (loopback, private networks, ...) their lookups resolve to
         * ({@code SOCKEYE_EGRESS_ALLOW_SPECIAL_RANGES_FOR_NAMES}): for services on a private network reached by name,
         * or on loopback. Off by default: only IP and CIDR rules reach them.
         */
        @WithDefault("false")
        boolean allowSpecialRangesForNames();
    }

    /** Host TLS of guests ({@code tls://} rules). */
    interface Tls {
        /**
         * PEM or DER files of CAs host TLS trusts beyond the JDK's ({@code SOCKEYE_TLS_CA_FILES}, comma-separated);
         * absent = the JDK's CAs only. A file that cannot be read or holds no certificate stops the start.
         */
        Optional<List<Path>> caFiles();
    }

    /** The HTTP triggers of this process. */
    interface Invoker {
        /**
         * Serve functions' triggers in this process (single node). False for a control plane that only serves the
         * API and the console while standalone invokers serve the triggers (Kubernetes, docs/operations.md).
         */
        @WithDefault("true")
        boolean embedded();

        /**
         * The embedded invoker's id in the heartbeat rows ({@code GET /api/v1/invokers}); by default
         * {@code <hostname>-<pid>}.
         */
        java.util.Optional<String> id();

        /** How often the embedded invoker heartbeats into the store (a registry change beats at once). */
        @WithDefault("5s")
        java.time.Duration heartbeatInterval();

        /**
         * On SIGTERM, how long the embedded invoker's requests in flight may still run before they are interrupted and
         * answered 503 ({@code SOCKEYE_INVOKER_DRAIN_SECONDS}, as for the standalone invoker); Quarkus' graceful
         * shutdown waits that long plus the interrupted runs' grace ({@link DerivedQuarkusConfig}).
         */
        @WithDefault(DerivedQuarkusConfig.DEFAULT_DRAIN_SECONDS)
        int drainSeconds();
    }

    /** What needs a token besides the API. */
    interface Auth {
        /**
         * Serve the API description ({@code /q/openapi}) and Swagger UI without a token (it describes the API and
         * holds no data; Swagger UI cannot send a token when it loads it). Off by default: everything but
         * {@code /q/health} and public triggers needs a token.
         */
        @WithDefault("false")
        boolean publicApiDocs();
    }

    /** Where Postgres is. */
    interface Db {
        /** {@code jdbc:postgresql://...} of an external Postgres; absent = embedded Postgres under {@link #dataDir}. */
        Optional<String> url();

        Optional<String> user();

        Optional<String> password();

        /** Embedded cluster directory; default {@code <home>/data}. */
        Optional<Path> dataDir();

        /** Embedded Postgres port on localhost; 0 = any free port. */
        @WithDefault("0")
        int port();

        @WithDefault("8")
        int poolSize();

        /** Driver properties of an external Postgres, e.g. {@code sockeye.db.property.sslmode=verify-full}. */
        Map<String, String> property();
    }

    /**
     * AES-256 keys for function secrets. Without configured keys (one node), a key is generated on first start
     * and kept in {@code <home>/secret-keys.properties} (mode 600); several nodes must share configured keys.
     */
    interface Secrets {
        /** Id of the key new values are encrypted with. */
        Optional<String> activeKey();

        /** {@code sockeye.secrets.key.<id>=<base64 of 32 bytes>}. */
        Map<String, String> key();
    }

    /** Uploads of modules. */
    interface Versions {
        /** Largest module accepted (413 above it). */
        @WithDefault("50M")
        MemorySize maxModuleSize();

        /** Most functions a module may declare (422 above it, before the module is parsed). */
        @WithDefault("100000")
        int maxFunctions();

        /** Largest zip of read-only files accepted with a version. */
        @WithDefault("50M")
        MemorySize maxFilesSize();

        /**
         * Uploads received and validated at the same time; one more is refused at once with a 503 naming this limit
         * (each holds its whole module in memory while it is checked).
         */
        @WithDefault("4")
        int maxConcurrentUploads();

        /**
         * Parses of a generated module once the server listens (readiness does not wait for them), so the first
         * upload meets a warm parser; 0 = none.
         */
        @WithDefault("40")
        int warmUpParses();
    }

    /** The most any function may set for each limit: a value above one is a 400 naming it. */
    interface Limits {
        @WithDefault("300000")
        long maxTimeoutMs();

        /** 16384 pages = 1 GiB of guest memory. */
        @WithDefault("16384")
        int maxMemoryPages();

        @WithDefault("1000")
        int maxConcurrency();

        @WithDefault("1024")
        int maxSockets();

        @WithDefault("100M")
        MemorySize maxRequestBytes();

        @WithDefault("100M")
        MemorySize maxResponseBytes();

        @WithDefault("1G")
        MemorySize maxEgressBytes();
    }

    /** First start. */
    interface Bootstrap {
        /** Create and print an admin token when no token exists yet. */
        @WithDefault("true")
        boolean createAdminToken();

        /**
         * A token ({@code sockeye_...}, from a secret) that becomes the admin token when no token exists yet,
         * instead of one generated and printed; for several replicas started by an orchestrator.
         */
        Optional<String> adminToken();
    }

    /** Paging of audit queries. */
    interface Audit {
        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("500")
        int maxPageSize();
    }

    /** The web console's sessions (docs/console.md). */
    interface Console {
        /** A session unused this long ends; the token's own revocation ends it at once. */
        @WithDefault("8h")
        java.time.Duration sessionIdleTimeout();

        /**
         * How often an open live feed checks that its session still stands (token not revoked, session not idle too
         * long): a feed whose session ended says "signed out" and closes within this time.
         */
        @WithDefault("10s")
        java.time.Duration feedSessionCheck();
    }
}
