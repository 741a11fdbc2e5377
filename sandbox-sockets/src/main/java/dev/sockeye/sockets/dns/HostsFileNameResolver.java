package dev.sockeye.sockets.dns;

import dev.sockeye.sockets.egress.HostNames;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves only the names of a hosts-file style table ({@code ADDRESS NAME [NAME...]} per line, {@code #}
 * comments), compared in the canonical form egress rules use (case-insensitive, one trailing dot ignored, IDN in
 * punycode). Unknown names fail. For tests and for operators
 * who want guests to see a fixed set of names without DNS.
 */
public final class HostsFileNameResolver implements NameResolver {
    private final Map<String, List<InetAddress>> addressesByName;

    private HostsFileNameResolver(Map<String, List<InetAddress>> addressesByName) {
        this.addressesByName = addressesByName;
    }

    /** Parses hosts-file text; a line whose address is not an IP literal is an error naming the line. */
    public static HostsFileNameResolver parse(String text) {
        var table = new LinkedHashMap<String, List<InetAddress>>();
        String[] lines = text.split("\\R");
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            int comment = line.indexOf('#');
            String[] fields =
                    (comment >= 0 ? line.substring(0, comment) : line).trim().split("\\s+");
            if (fields.length == 1 && fields[0].isEmpty()) {
                continue;
            }
            if (fields.length < 2) {
                throw new IllegalArgumentException("hosts line " + number + " has no name: " + line);
            }
            InetAddress address = parseLiteral(fields[0], number);
            for (int i = 1; i < fields.length; i++) {
                String name = HostNames.canonicalName(fields[i]);
                if (name == null) {
                    throw new IllegalArgumentException("hosts line " + number + ": not a host name: " + fields[i]);
                }
                table.computeIfAbsent(name, any -> new ArrayList<>()).add(address);
            }
        }
        table.replaceAll((name, addresses) -> List.copyOf(addresses));
        return new HostsFileNameResolver(Map.copyOf(table));
    }

    public static HostsFileNameResolver read(Path hostsFile) throws IOException {
        return parse(Files.readString(hostsFile));
    }

    private static InetAddress parseLiteral(String text, int line) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hosts line " + line + ": not an IP address: " + text, e);
        }
    }

    @Override
    public Future<List<InetAddress>> resolve(String hostName) {
        String name = HostNames.canonicalName(hostName);
        List<InetAddress> addresses = name == null ? null : addressesByName.get(name);
        return addresses != null
                ? Future.succeededFuture(addresses)
                : Future.failedFuture(new UnknownHostException(hostName));
    }
}
