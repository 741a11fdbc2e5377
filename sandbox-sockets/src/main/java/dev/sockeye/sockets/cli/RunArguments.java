package dev.sockeye.sockets.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code sockeye run}, parsed:
 * {@code [--allow-all] [--env K=V]... [--dir HOST[::GUEST]]... module.wasm [args...]}. Options end at the module (or
 * at {@code --}); everything after the module is the guest's.
 *
 * @param allowAll whether the guest may reach every address (otherwise all egress is denied)
 * @param environment the guest's environment, in the order given
 * @param directories host directories to preopen, in the order given (the guest sees them as fds 3, 4, ...)
 * @param module the module to run, as written (it is also the guest's argv[0], as in wasmtime)
 * @param guestArgs the guest's arguments after argv[0]
 * @param help whether usage was asked for ({@code -h}, {@code --help}); the other fields are then empty
 */
record RunArguments(boolean allowAll, Map<String, String> environment, List<Directory> directories, String module,
        List<String> guestArgs, boolean help) {

    static final String USAGE = """
            usage: sockeye run [--allow-all] [--env K=V]... [--dir HOST[::GUEST]]... module.wasm [args...]
              --allow-all          let the guest reach any address (default: every lookup and connection is denied)
              --env K=V            set K in the guest's environment (--env K passes the host's value of K)
              --dir HOST[::GUEST]  give the guest the host directory HOST, named GUEST (default: HOST as written)
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
        var environment = new LinkedHashMap<String, String>();
        var directories = new ArrayList<Directory>();
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
            String inlineValue = option.equals(arg) ? null : arg.substring(option.length() + 1);
            switch (option) {
                case "-h", "--help" -> {
                    return new RunArguments(false, Map.of(), List.of(), "", List.of(), true);
                }
                case "--allow-all" -> allowAll = true;
                case "--env" -> {
                    String value = inlineValue != null ? inlineValue : valueOf(args, ++next, option);
                    addEnvironment(environment, value, hostEnvironment);
                }
                case "--dir" -> directories.add(directory(inlineValue != null ? inlineValue : valueOf(args, ++next, option)));
                // `--allow RULE` and `--listen PORT` are parsed here once the egress rule language lands (branch
                // egress): they collect rules and listen ports for SockeyeRun.guard(), which then builds the guard.
                default -> throw new UsageException("unknown option " + arg);
            }
            next++;
        }
        if (next >= args.size()) {
            throw new UsageException("no module given");
        }
        return new RunArguments(allowAll, environment, directories, args.get(next),
                List.copyOf(args.subList(next + 1, args.size())), false);
    }

    private static String valueOf(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }

    private static void addEnvironment(Map<String, String> environment, String entry,
            Map<String, String> hostEnvironment) throws UsageException {
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
