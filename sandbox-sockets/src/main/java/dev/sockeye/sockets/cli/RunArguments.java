package dev.sockeye.sockets.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@code sockeye run}, parsed:
 * {@code [--allow-all] [--allow RULE]... [--listen PORT]... [--env K=V]... [--dir HOST[::GUEST]]...
 * [--tls-ca FILE]... module.wasm [args...]}. Options end at the module (or at {@code --}); everything after the module is the guest's.
 *
 * @param allowAll whether the guest may reach every address (otherwise only what {@code rules} allow)
 * @param rules egress rules in the language of docs/egress-policy.md, in the order given: each {@code --allow RULE}
 *     as written, each {@code --listen PORT} as {@code listen://:PORT}; unparsed (SockeyeRun reports bad ones)
 * @param environment the guest's environment, in the order given
 * @param directories host directories to preopen, in the order given (the guest sees them as fds 3, 4, ...)
 * @param trustedCertificates PEM files of CAs host TLS trusts beyond the JDK's ({@code --tls-ca FILE}), in order
 * @param module the module to run, as written (it is also the guest's argv[0], as in wasmtime)
 * @param guestArgs the guest's arguments after argv[0]
 * @param help whether usage was asked for ({@code -h}, {@code --help}); the other fields are then empty
 */
record RunArguments(
        boolean allowAll,
        List<String> rules,
        Map<String, String> environment,
        List<Directory> directories,
        List<Path> trustedCertificates,
        String module,
        List<String> guestArgs,
        boolean help) {
    /** The options followed by a value ({@code --env K=V} or {@code --env=K=V}). */
    private static final Set<String> WITH_VALUE = Set.of("--allow", "--listen", "--env", "--dir", "--tls-ca");

    static final String USAGE = """
            usage: sockeye run [--allow-all] [--allow RULE]... [--listen PORT]... [--env K=V]...
                               [--dir HOST[::GUEST]]... [--tls-ca FILE]... module.wasm [args...]
              --allow-all          let the guest reach any address (default: every lookup and connection is denied)
              --allow RULE         allow what an egress rule allows, e.g. api.example.com:443, *.example.org,
                                   udp://10.0.0.0/8:53 (see docs/egress-policy.md)
              --listen PORT        let the guest bind and accept on PORT (a port, a range like 8000-8099, or *)
              --env K=V            set K in the guest's environment (--env K passes the host's value of K)
              --dir HOST[::GUEST]  give the guest the host directory HOST, named GUEST (default: HOST as written)
              --tls-ca FILE        let host TLS (sock_tls_connect) also trust the CA certificates in the PEM FILE
            """;

    /** A directory to preopen: {@code --dir HOST[::GUEST]}. */
    record Directory(Path host, String guest) {}

    /** The command line is wrong; the message says how. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses the arguments that follow {@code run}.
     *
     * @param hostEnvironment where {@code --env K} without a value takes K's value from
     */
    static RunArguments parse(List<String> args, Map<String, String> hostEnvironment) throws UsageException {
        boolean allowAll = false;
        var rules = new ArrayList<String>();
        var environment = new LinkedHashMap<String, String>();
        var directories = new ArrayList<Directory>();
        var trustedCertificates = new ArrayList<Path>();
        int next = 0;
        while (next < args.size()) {
            String arg = args.get(next);
            if (arg.equals("--")) {
                next++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = option.equals(arg) ? null : arg.substring(option.length() + 1);
            if (value == null && WITH_VALUE.contains(option)) {
                value = valueOf(args, ++next, option);
            }
            switch (option) {
                case "-h", "--help" -> {
                    return new RunArguments(false, List.of(), Map.of(), List.of(), List.of(), "", List.of(), true);
                }
                case "--allow-all" -> allowAll = true;
                case "--allow" -> rules.add(value);
                case "--listen" -> rules.add("listen://:" + value);
                case "--env" -> addEnvironment(environment, value, hostEnvironment);
                case "--dir" -> directories.add(directory(value));
                case "--tls-ca" -> trustedCertificates.add(Path.of(value));
                default -> throw new UsageException("unknown option " + arg);
            }
            next++;
        }
        if (next >= args.size()) {
            throw new UsageException("no module given");
        }
        return new RunArguments(
                allowAll,
                List.copyOf(rules),
                environment,
                directories,
                List.copyOf(trustedCertificates),
                args.get(next),
                List.copyOf(args.subList(next + 1, args.size())),
                false);
    }

    private static String valueOf(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }

    private static void addEnvironment(
            Map<String, String> environment, String entry, Map<String, String> hostEnvironment) throws UsageException {
        int equals = entry.indexOf('=');
        String key = equals < 0 ? entry : entry.substring(0, equals);
        if (key.isEmpty()) {
            throw new UsageException("--env " + entry + ": the variable has no name");
        }
        if (equals >= 0) {
            environment.put(key, entry.substring(equals + 1));
        } else if (hostEnvironment.containsKey(key)) {
            environment.put(key, hostEnvironment.get(key));
        }
    }

    private static Directory directory(String value) throws UsageException {
        int separator = value.indexOf("::");
        String host = separator < 0 ? value : value.substring(0, separator);
        String guest = separator < 0 ? value : value.substring(separator + 2);
        if (host.isEmpty() || guest.isEmpty()) {
            throw new UsageException("--dir " + value + ": expected HOST or HOST::GUEST");
        }
        return new Directory(Path.of(host), guest);
    }
}
