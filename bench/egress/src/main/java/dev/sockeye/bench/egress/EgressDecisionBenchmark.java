package dev.sockeye.bench.egress;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.sockets.egress.RuleGuard;
import dev.sockeye.sockets.egress.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of an allowed connect decision under a 200-rule policy against the allow-all guard: the decision alone,
 * and end to end with a real TCP connect over loopback (what the guest pays per connect, minus the socket layer).
 * The allowed destinations are the worst cases for the rule guard: the last of 60 IP/CIDR rules, and a pinned name
 * whose rule is one of 100 exact names behind 40 wildcards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EgressDecisionBenchmark {

    static final int RULE_COUNT = 200;

    ServerSocketChannel server;
    private Thread acceptor;
    EgressGuard allowAll;
    RuleGuard ruleGuard;
    EgressRequest connectToLoopback;
    EgressRequest connectToPinnedName;
    private InetSocketAddress loopbackTarget;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        loopbackTarget = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        acceptor = Thread.ofPlatform().daemon().start(this::acceptAndReset);

        EgressPolicy policy = EgressPolicy.parse(policyOf200Rules(port));
        allowAll = EgressGuard.allowAll(EgressListener.none());
        ruleGuard = RuleGuard.of(policy, EgressListener.none());
        connectToLoopback =
                EgressRequest.of(EgressRequest.Kind.CONNECT, Transport.TCP, InetAddress.getLoopbackAddress(), port);

        String lastName = "svc99.team9.example.com";
        InetAddress pinned = InetAddress.ofLiteral("198.51.100.99");
        if (!ruleGuard.check(EgressRequest.lookup(lastName)).permitsGuest()
                || ruleGuard.admitResolved(lastName, List.of(pinned)).isEmpty()) {
            throw new IllegalStateException("the benchmark policy must allow " + lastName);
        }
        connectToPinnedName = EgressRequest.of(EgressRequest.Kind.CONNECT, Transport.TCP, pinned, 443);
        for (EgressRequest request : List.of(connectToLoopback, connectToPinnedName)) {
            if (!ruleGuard.check(request).permitsGuest()) {
                throw new IllegalStateException("the benchmark policy must allow " + request);
            }
        }
    }

    /** 100 exact names, 40 wildcards, 59 CIDR blocks, then the loopback IP rule last: 200 rules. */
    static List<String> policyOf200Rules(int loopbackPort) {
        var rules = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            rules.add("tcp://*.zone" + i + ".example.net:443");
        }
        for (int i = 0; i < 100; i++) {
            rules.add((i % 3 == 1 ? "udp" : "tcp") + "://svc" + i + ".team" + (i % 10) + ".example.com:"
                    + (i == 99 ? 443 : 8000 + i));
        }
        for (int i = 0; i < 59; i++) {
            rules.add("tcp://198.18." + i + ".0/24:" + (5000 + i));
        }
        rules.add("tcp://127.0.0.1:" + loopbackPort);
        if (rules.size() != RULE_COUNT) {
            throw new IllegalStateException(rules.size() + " rules");
        }
        return rules;
    }

    private void acceptAndReset() {
        while (server.isOpen()) {
            try (SocketChannel accepted = server.accept()) {
                // The client resets first (SO_LINGER 0), so this close leaves no TIME_WAIT behind.
            } catch (IOException closed) {
                return;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        server.close();
        acceptor.join(1000);
    }

    @Benchmark
    public Object decisionAllowAll() {
        return allowAll.check(connectToLoopback);
    }

    @Benchmark
    public Object decisionRulesIpRule() {
        return ruleGuard.check(connectToLoopback);
    }

    @Benchmark
    public Object decisionRulesPinnedName() {
        return ruleGuard.check(connectToPinnedName);
    }

    @Benchmark
    public boolean connectAllowAll() throws IOException {
        return connect(allowAll);
    }

    @Benchmark
    public boolean connectRules() throws IOException {
        return connect(ruleGuard);
    }

    /** A guarded connect as the socket layer does it: ask, then connect; RST on close so no TIME_WAIT piles up. */
    boolean connect(EgressGuard guard) throws IOException {
        if (!guard.check(connectToLoopback).permitsGuest()) {
            throw new IllegalStateException("denied");
        }
        try (SocketChannel channel = SocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            return channel.connect(loopbackTarget);
        }
    }
}
