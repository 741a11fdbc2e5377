package dev.sockeye.sockets.egress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The policy's guard for one guest instance: judges every lookup and address use by the current
 * {@link EgressPolicy}, pins what permitted lookups resolved, remembers the UDP peers the guest contacted, and
 * reports every decision to its listener. See docs/egress-policy.md, "Enforcement".
 *
 * <p>The policy is read from its supplier at every decision, so a replaced policy applies at once (connections
 * already open are the socket layer's and stay open). Pins and contacted peers outlive a replacement, but are only
 * ever judged by the current policy.
 */
public final class RuleGuard implements EgressGuard {
    private final Supplier<EgressPolicy> policySource;
    private final EgressListener listener;
    /** Pinned address -> the names whose permitted lookups returned it. */
    private final Map<Ip, Set<String>> namesByAddress = new ConcurrentHashMap<>();
    /** Pinned name -> what it resolved to and which rules allowed it, for {@link #pins()}. */
    private final Map<String, Pin> pinsByName = new ConcurrentHashMap<>();

    private final Set<Peer> contactedPeers = ConcurrentHashMap.newKeySet();

    /**
     * One name a permitted lookup resolved, as pinned for this instance.
     *
     * @param name the canonical name
     * @param addresses the addresses the guest was given, in order of first pinning
     * @param rules the text of the rules that allowed the lookup
     */
    public record Pin(String name, List<InetAddress> addresses, List<String> rules) {}

    private record Peer(Ip ip, int port) {}

    /**
     * A guard reading its policy from {@code policySource} at every decision (for example {@code reference::get}
     * of an {@link java.util.concurrent.atomic.AtomicReference} the platform replaces).
     */
    public RuleGuard(Supplier<EgressPolicy> policySource, EgressListener listener) {
        this.policySource = Objects.requireNonNull(policySource, "policySource");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A guard whose policy never changes. */
    public static RuleGuard of(EgressPolicy policy, EgressListener listener) {
        Objects.requireNonNull(policy, "policy");
        return new RuleGuard(() -> policy, listener);
    }

    @Override
    public EgressDecision check(EgressRequest request) {
        EgressPolicy policy = policySource.get();
        EgressDecision decision = decide(policy, request);
        if (policy.mode() == EgressMode.LEARN) {
            decision = decision.learned();
        }
        if (decision.permitsGuest()
                && request.transport() == Transport.UDP
                && (request.kind() == EgressRequest.Kind.SEND || request.kind() == EgressRequest.Kind.CONNECT)) {
            contactedPeers.add(new Peer(Ip.of(request.address()).reached(), request.port()));
        }
        listener.onDecision(decision);
        return decision;
    }

    private EgressDecision decide(EgressPolicy policy, EgressRequest request) {
        return switch (request.kind()) {
            case LOOKUP -> decideLookup(policy, request);
            case CONNECT, SEND -> decideDestination(policy, request);
            case BIND, LISTEN -> decideLocal(policy, request);
            case RECEIVE -> decideReceive(policy, request);
            case TLS -> EgressDecision.denied(request, "a host TLS handshake is judged with its outcome (checkTls)");
        };
    }

    private EgressDecision decideLookup(EgressPolicy policy, EgressRequest request) {
        String name = HostNames.canonicalName(request.hostName());
        if (name == null) {
            Ip literal = ipLiteral(request.hostName());
            if (literal == null) {
                return EgressDecision.denied(request, EgressPolicy.notCanonical(request.hostName()));
            }
            return literalReachable(policy, literal)
                    ? EgressDecision.allowed(request, null, "IP literal reachable by an IP rule")
                    : EgressDecision.denied(request, "no rule reaches the IP literal " + literal);
        }
        List<EgressRule> rules = policy.rulesForName(name);
        return rules.isEmpty()
                ? EgressDecision.denied(request, "no rule's host matches " + name)
                : EgressDecision.allowed(request, rules.getFirst().text(), "name allowed");
    }

    private EgressDecision decideDestination(EgressPolicy policy, EgressRequest request) {
        Ip ip = Ip.of(request.address()).reached();
        Transport transport = request.transport();
        int port = request.port();
        String denyList = policy.denyListRefusal(ip);
        if (denyList != null) {
            return EgressDecision.denied(request, denyList);
        }
        EgressRule direct = policy.directRule(ip, transport, port);
        if (direct != null && !direct.scheme().requiresHostTls()) {
            return EgressDecision.allowed(
                    request, direct.text(), direct.isBroad() ? "any host allowed" : "address allowed by an IP rule");
        }
        Set<String> names = namesByAddress.get(ip);
        if (names == null || names.isEmpty()) {
            return direct != null
                    ? tlsOnly(request, direct, "any host allowed", null)
                    : EgressDecision.denied(request, policy.addressRefusal(ip, transport, port));
        }
        String special = policy.specialRangeRefusal(ip);
        String firstName = null;
        EgressDecision tlsOnly = direct != null ? tlsOnly(request, direct, "any host allowed", null) : null;
        for (String name : names) {
            firstName = firstName == null ? name : firstName;
            EgressRule rule = policy.nameRule(name, transport, port);
            if (rule != null && special == null) {
                if (!rule.scheme().requiresHostTls()) {
                    return new EgressDecision(
                            request, EgressDecision.Verdict.ALLOWED, rule.text(), "pinned by an allowed lookup", name);
                }
                tlsOnly = tlsOnly != null ? tlsOnly : tlsOnly(request, rule, "pinned by an allowed lookup", name);
            }
        }
        if (tlsOnly != null) {
            return tlsOnly;
        }
        String reason = special != null
                ? special
                : "pinned for " + String.join(", ", names) + ", but "
                        + EgressPolicy.noRuleFor(firstName, transport, port);
        return new EgressDecision(request, EgressDecision.Verdict.DENIED, null, reason, firstName);
    }

    /** An allowed connect that may carry data only after a host TLS handshake the guard permits. */
    private static EgressDecision tlsOnly(EgressRequest request, EgressRule rule, String why, String pinnedName) {
        return new EgressDecision(
                request,
                EgressDecision.Verdict.ALLOWED,
                rule.text(),
                why + ", only with host TLS",
                pinnedName,
                request.transport() == Transport.TCP);
    }

    @Override
    public EgressDecision checkTls(EgressRequest request, TlsHandshake handshake) {
        EgressPolicy policy = policySource.get();
        EgressDecision decision = decideTls(policy, request, handshake);
        if (policy.mode() == EgressMode.LEARN) {
            decision = decision.learned();
        }
        listener.onDecision(decision);
        return decision;
    }

    private EgressDecision decideTls(EgressPolicy policy, EgressRequest request, TlsHandshake handshake) {
        String outcome = "host TLS " + handshake.describe();
        if (!handshake.verified()) {
            return EgressDecision.denied(request, outcome);
        }
        String name = HostNames.canonicalName(request.hostName());
        EgressRule tlsRule = name == null ? null : policy.tlsRule(name, request.port());
        if (tlsRule != null) {
            return new EgressDecision(
                    request, EgressDecision.Verdict.ALLOWED, tlsRule.text(), outcome, request.hostName());
        }
        // A connection some other rule allows needs no TLS; the host's TLS then only verifies what it can.
        var plain = decideDestination(
                policy, EgressRequest.of(EgressRequest.Kind.CONNECT, Transport.TCP, request.address(), request.port()));
        if (plain.verdict() == EgressDecision.Verdict.ALLOWED && !plain.hostTlsRequired()) {
            return new EgressDecision(
                    request,
                    EgressDecision.Verdict.ALLOWED,
                    plain.rule(),
                    outcome + " (the connection needs no TLS)",
                    request.hostName());
        }
        return EgressDecision.denied(
                request, "no tls:// rule allows port " + request.port() + " of " + request.hostName() + "; " + outcome);
    }

    private EgressDecision decideLocal(EgressPolicy policy, EgressRequest request) {
        if (request.kind() == EgressRequest.Kind.BIND && request.port() == 0) {
            return EgressDecision.allowed(request, null, "ephemeral bind (grants nothing inbound)");
        }
        CheckResult result = policy.checkListen(Ip.of(request.address()), request.port());
        return result.allowed()
                ? EgressDecision.allowed(request, result.rule().text(), result.reason())
                : EgressDecision.denied(request, result.reason());
    }

    private EgressDecision decideReceive(EgressPolicy policy, EgressRequest request) {
        if (!contactedPeers.contains(new Peer(Ip.of(request.address()), request.port()))) {
            return EgressDecision.denied(request, "datagram from a peer the guest never sent to or connected to");
        }
        EgressDecision send = decideDestination(
                policy, EgressRequest.of(EgressRequest.Kind.SEND, Transport.UDP, request.address(), request.port()));
        return new EgressDecision(
                request,
                send.verdict(),
                send.rule(),
                send.verdict() == EgressDecision.Verdict.ALLOWED ? "reply from a contacted peer" : send.reason(),
                send.pinnedName());
    }

    @Override
    public List<InetAddress> admitResolved(String hostName, List<InetAddress> resolved) {
        EgressPolicy policy = policySource.get();
        boolean learn = policy.mode() == EgressMode.LEARN;
        String name = HostNames.canonicalName(hostName);
        List<EgressRule> rules = name == null ? List.of() : policy.rulesForName(name);
        Ip literal = name == null ? ipLiteral(hostName) : null;
        var admitted = new ArrayList<InetAddress>(resolved.size());
        for (InetAddress address : resolved) {
            Ip ip = Ip.of(address);
            String refusal = refusal(policy, name, rules, literal, ip);
            if (refusal == null
                    && name != null
                    && !namesByAddress.containsKey(ip)
                    && namesByAddress.size() >= policy.operatorConfig().maxPinnedAddresses()) {
                refusal = "pin table full (" + policy.operatorConfig().maxPinnedAddresses() + " addresses)";
            }
            if (refusal != null) {
                var request = new EgressRequest(EgressRequest.Kind.LOOKUP, Transport.TCP, hostName, address, 0);
                var denial = EgressDecision.denied(request, refusal);
                listener.onDecision(learn ? denial.learned() : denial);
                if (!learn) {
                    continue;
                }
            }
            admitted.add(address);
            if (name != null
                    && (namesByAddress.containsKey(ip)
                            || namesByAddress.size() < policy.operatorConfig().maxPinnedAddresses())) {
                pin(name, address, ip, rules);
            }
        }
        return List.copyOf(admitted);
    }

    /** Why {@code ip}, returned for a lookup, may not be shown to the guest, or null. */
    private static String refusal(EgressPolicy policy, String name, List<EgressRule> rules, Ip literal, Ip ip) {
        String denyList = policy.denyListRefusal(ip);
        if (denyList != null) {
            return denyList;
        }
        if (name == null) {
            return literal != null && literal.equals(ip) && literalReachable(policy, ip)
                    ? null
                    : "not an answer to an allowed lookup";
        }
        if (rules.isEmpty()) {
            return "no rule's host matches " + name;
        }
        String special = policy.specialRangeRefusal(ip);
        return special != null && !policy.addressNamed(ip) ? special : null;
    }

    private void pin(String name, InetAddress address, Ip ip, List<EgressRule> rules) {
        namesByAddress.computeIfAbsent(ip, a -> ConcurrentHashMap.newKeySet()).add(name);
        pinsByName.compute(name, (n, old) -> {
            var addresses = new LinkedHashSet<InetAddress>(old == null ? List.of() : old.addresses());
            addresses.add(address);
            var ruleTexts = new LinkedHashSet<String>(old == null ? List.of() : old.rules());
            rules.forEach(rule -> ruleTexts.add(rule.text()));
            return new Pin(n, List.copyOf(addresses), List.copyOf(ruleTexts));
        });
    }

    /** What this instance's permitted lookups pinned so far. */
    public List<Pin> pins() {
        return List.copyOf(pinsByName.values());
    }

    /** A canonical IPv4 literal or an IPv6 literal (brackets allowed), or null. */
    private static Ip ipLiteral(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (HostNames.parseStrictIpv4(literal) < 0 && literal.indexOf(':') < 0) {
            return null;
        }
        try {
            return IpBlock.parseAddress(literal);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    /** Whether some rule could reach {@code ip} directly, on some port and protocol. */
    private static boolean literalReachable(EgressPolicy policy, Ip ip) {
        if (policy.denyListRefusal(ip) != null) {
            return false;
        }
        return policy.addressNamed(ip) || (policy.mayLookUpAnyName() && policy.specialRangeRefusal(ip) == null);
    }
}
