package dev.sockeye.sockets.cli;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Netty's start-up warnings off the terminal of {@code sockeye run}, which is the guest's stderr: on a host
 * (or network namespace) without hardware addresses or network interfaces Netty logs "Failed to find a usable
 * hardware address" and a SocketException stack trace, none of which is the guest's or the user's business.
 * Must run before any Netty class initialises.
 */
final class EngineNoise {
    /** Held so the configured level is not lost when the logger would otherwise be collected. */
    private static final Logger NETTY = Logger.getLogger("io.netty");

    private EngineNoise() {}

    static void silence() {
        NETTY.setLevel(Level.SEVERE);
        // Netty derives channel ids from a MAC address it looks up (and warns about when there is none); random bytes
        // from a thread-local random are what it falls back to anyway (a SecureRandom would cost every launch its
        // provider's start for an id that is not a secret).
        if (System.getProperty("io.netty.machineId") == null) {
            byte[] id = new byte[8];
            ThreadLocalRandom.current().nextBytes(id);
            System.setProperty("io.netty.machineId", HexFormat.ofDelimiter(":").formatHex(id));
        }
    }
}
