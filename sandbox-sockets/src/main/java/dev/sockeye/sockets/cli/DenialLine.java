package dev.sockeye.sockets.cli;

import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressListener;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.util.Locale;

/**
 * Prints one stderr line per denied address use of a local run:
 * {@code sockeye: denied <kind> <transport> [<name>] [<address>:<port>] (<reason>)}.
 */
final class DenialLine implements EgressListener {
    private final PrintStream err;

    DenialLine(PrintStream err) {
        this.err = err;
    }

    @Override
    public void onDecision(EgressDecision decision) {
        if (!decision.permitsGuest()) {
            err.println(format(decision));
        }
    }

    static String format(EgressDecision decision) {
        var request = decision.request();
        var line = new StringBuilder("sockeye: denied ")
                .append(request.kind().name().toLowerCase(Locale.ROOT))
                .append(' ')
                .append(request.transport().label());
        String name = request.hostName() != null ? request.hostName() : decision.pinnedName();
        if (name != null) {
            line.append(' ').append(name);
        }
        if (request.address() != null) {
            String address = request.address().getHostAddress();
            line.append(' ')
                    .append(request.address() instanceof Inet6Address ? "[" + address + "]" : address)
                    .append(':')
                    .append(request.port());
        }
        return line.append(" (").append(decision.reason()).append(')').toString();
    }
}
