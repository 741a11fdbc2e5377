package dev.sockeye.store.changes;

import dev.sockeye.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Follows the change feed on its own LISTEN connection and hands every change to a {@link ChangeListener}
 * exactly once, in sequence order. When the connection is lost it reconnects with exponential backoff, LISTENs
 * again and only then re-reads the {@code changes} table past the last delivered sequence, so nothing committed
 * in between is missed.
 */
public final class ChangeSubscriber implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeSubscriber.class.getName());
    /** Shown in pg_stat_activity, so operators (and tests) can find the feed's connections. */
    public static final String APPLICATION_NAME = "sockeye-change-feed";

    private final DataSource dataSource;
    private final ChangeListener listener;
    private final StoreConfig.ChangeFeed config;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long lastSequence;

    private ChangeSubscriber(
            DataSource dataSource, long afterSequence, ChangeListener listener, StoreConfig.ChangeFeed config) {
        this.dataSource = dataSource;
        this.listener = listener;
        this.config = config;
        this.lastSequence = afterSequence;
        this.thread = Thread.ofPlatform().daemon().name("sockeye-change-feed").unstarted(this::followFeed);
    }

    /**
     * Starts following changes after {@code afterSequence} (use the sequence of the snapshot the caller loaded).
     *
     * @param dataSource an unpooled source: the connection is held for the subscriber's lifetime
     */
    public static ChangeSubscriber start(
            DataSource dataSource, long afterSequence, ChangeListener listener, StoreConfig.ChangeFeed config) {
        ChangeSubscriber subscriber = new ChangeSubscriber(dataSource, afterSequence, listener, config);
        subscriber.thread.start();
        return subscriber;
    }

    /** Sequence of the last change handed to the listener. */
    public long lastSequence() {
        return lastSequence;
    }

    private void followFeed() {
        Duration reconnectDelay = config.minReconnectDelay();
        boolean reconnecting = false;
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                connection.setClientInfo("ApplicationName", APPLICATION_NAME);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + ChangeLog.CHANNEL);
                }
                catchUp(connection);
                if (reconnecting) {
                    LOG.log(System.Logger.Level.INFO, "event=change_feed_reconnected last_sequence={0}", lastSequence);
                    listener.onReconnected(lastSequence);
                }
                reconnectDelay = config.minReconnectDelay();
                reconnecting = false;
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                // StoreException (Postgres), a malformed payload or a failing listener: reconnect and re-read.
                if (closed) {
                    return;
                }
                LOG.log(
                        System.Logger.Level.WARNING,
                        "event=change_feed_connection_lost last_sequence={0} " + "retry_in_ms={1} cause={2}",
                        lastSequence,
                        reconnectDelay.toMillis(),
                        e.getMessage());
                sleep(reconnectDelay);
                reconnectDelay = min(reconnectDelay.multipliedBy(2), config.maxReconnectDelay());
                reconnecting = true;
            }
        }
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        int pollMillis = (int) config.pollInterval().toMillis();
        // A quiet feed and a dead peer look alike to a LISTEN connection; a round trip per idle poll tells them
        // apart, and the network timeout bounds how long a half-open connection can hide.
        connection.setNetworkTimeout(
                Runnable::run, (int) config.maxReconnectDelay().multipliedBy(2).toMillis());
        try (PreparedStatement heartbeat = connection.prepareStatement("select 1")) {
            pollNotifications(connection, postgres, heartbeat, pollMillis);
        }
    }

    private void pollNotifications(
            Connection connection, PGConnection postgres, PreparedStatement heartbeat, int pollMillis)
            throws SQLException {
        while (!closed) {
            PGNotification[] notifications = postgres.getNotifications(pollMillis);
            if (notifications == null || notifications.length == 0) {
                heartbeat.execute();
                continue;
            }
            for (PGNotification notification : notifications) {
                Change change = Change.parsePayload(notification.getParameter());
                if (change.sequence() == lastSequence + 1) {
                    deliver(change);
                } else if (change.sequence() > lastSequence) {
                    // A jump: a writer rolled back after numbering its change. Read the table, do not guess.
                    catchUp(connection);
                }
                // sequence <= lastSequence: already delivered by a catch-up read.
            }
        }
    }

    private void catchUp(Connection connection) throws SQLException {
        long prunedThrough = ChangeLog.prunedThrough(connection);
        if (lastSequence < prunedThrough) {
            // Retention deleted changes this subscriber never saw: only a full reload can make up for them.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event=change_feed_resync_required last_sequence={0} " + "pruned_through={1}",
                    lastSequence,
                    prunedThrough);
            listener.onResyncRequired();
            lastSequence = prunedThrough;
        }
        for (Change change : ChangeLog.readAfter(connection, lastSequence)) {
            deliver(change);
        }
    }

    private void deliver(Change change) {
        try {
            listener.onChange(change);
        } catch (RuntimeException e) {
            // One bad change must not stall the feed for every other function; the invoker logs its own state.
            LOG.log(
                    System.Logger.Level.ERROR,
                    "event=change_listener_failed sequence={0} kind={1} function={2}",
                    change.sequence(),
                    change.kind(),
                    change.functionName(),
                    e);
        }
        lastSequence = change.sequence();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops following; returns once the subscriber's thread has ended (within one poll interval). */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
