package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.util.List;

/**
 * The single choke point for every address a guest uses: name lookups, connects, binds, listens, datagrams sent
 * and datagrams received. No socket code reaches the network without asking it first.
 *
 * <p>A guard belongs to one guest instance (it may remember what that instance resolved) and is called only from
 * that instance's thread. Every decision, allowed or not, is reported to the guard's {@link EgressListener}.
 *
 * <p>What the socket layer does with it:
 * <ul>
 *   <li>sock_getaddrinfo: {@code check(EgressRequest.lookup(node))}; if denied, return {@link #LOOKUP_DENIED_ERRNO}
 *       and resolve nothing; else resolve {@link HostPattern#canonicalName canonicalName(node)} (not the guest's
 *       spelling) and give the guest only what {@link #admitResolved} returns.</li>
 *   <li>connect, bind, listen (with the address and port actually bound), send_to: {@code check(...)} first;
 *       if not {@link EgressDecision#permitsGuest()}, fail with {@link #ACCESS_DENIED_ERRNO}. BIND with port 0 is an
 *       ephemeral bind.</li>
 *   <li>each UDP datagram received on a socket whose explicit BIND decision did not
 *       {@link EgressDecision#grantsInbound() grant inbound}: {@code check(RECEIVE from the peer)}, and drop the
 *       datagram if it is not permitted.</li>
 *   <li>a TCP connect whose decision says {@link EgressDecision#hostTlsRequired()}: no data moves until a host
 *       TLS handshake ({@code sock_tls_connect}) succeeds and {@link #checkTls} permits it.</li>
 *   <li>every host TLS handshake, successful or not: {@link #checkTls} with its outcome; if not permitted, the
 *       connection is closed and the guest gets {@link #ACCESS_DENIED_ERRNO} (or the handshake's own errno when it
 *       failed).</li>
 * </ul>
 */
public interface EgressGuard {

    /**
     * The errno a denied {@code sock_getaddrinfo} returns: WasmEdge's {@code __WASI_ERRNO_AINONAME} (84), the
     * {@code EAI_NONAME} "name does not resolve" that guests already handle, so a denied name looks like one that
     * does not exist. Nothing is resolved.
     */
    int LOOKUP_DENIED_ERRNO = 84;

    /** The errno a denied connect, bind, listen or send_to returns: preview1's {@code ACCES} (2), EACCES. */
    int ACCESS_DENIED_ERRNO = 2;

    /**
     * Decides one address use. For {@link EgressRequest.Kind#LOOKUP} a denial means nothing is resolved; for the
     * other kinds the socket call fails with EACCES (or the datagram is dropped, for RECEIVE).
     */
    EgressDecision check(EgressRequest request);

    /**
     * Judges a host TLS handshake ({@link EgressRequest.Kind#TLS}: the server name, the connection's peer) with its
     * outcome, and reports it. A failed handshake is denied. A successful one is allowed if the certificate verified
     * for a name some {@code tls://} rule allows on this port, or if the connection itself needed no TLS.
     */
    EgressDecision checkTls(EgressRequest request, TlsHandshake handshake);

    /**
     * Takes the addresses a permitted lookup of {@code hostName} resolved to and returns those the guest may see,
     * in order. A guard that enforces names remembers (pins) them here, so that a later connect to one of them is
     * judged by the rule that allowed the name.
     */
    List<InetAddress> admitResolved(String hostName, List<InetAddress> resolved);

    /**
     * A guard that allows everything but the operator's default deny list (cloud metadata), and reports each use
     * (for {@code sockeye run --allow-all}).
     */
    static EgressGuard allowAll(EgressListener listener) {
        return new AllowAllGuard(listener, EgressOperatorConfig.defaults());
    }

    /** A guard that denies every lookup and address use: the sandbox's default. */
    static EgressGuard denyAll(EgressListener listener) {
        return new DenyAllGuard(listener);
    }
}
