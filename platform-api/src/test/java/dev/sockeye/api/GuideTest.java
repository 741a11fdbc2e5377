package dev.sockeye.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.Cli;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.database.EmbeddedPostgresServer;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/guide.md, run: every command of its {@code sh} blocks in order, against this real platform and an embedded
 * Postgres, in a working directory shaped like a checkout (guests/ and examples/pg-query). Its {@code toml} block is
 * written as the {@code sockeye.toml} of the directory the guide is in at that point. A comment's {@code -> text}
 * is what the command must print ({@code (exit N)} first for a command that must fail); every other command must
 * exit 0. A following command ({@code -f}) runs beside the rest of its block, as in a second terminal, and is stopped
 * (Ctrl-C) at the block's end, by when its text must have appeared.
 *
 * <p>The test stands in for {@code ./sockeye up} (this platform) and for the reader's Postgres; the guide's fixed
 * addresses (localhost:8080, 127.0.0.1:5432) are mapped to them, the token {@code ci} gets a unique name, and
 * {@code psql -c SQL} runs SQL as the superuser.
 */
@QuarkusTest
class GuideTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("guests.dir", "../guests/bin"))
            .toAbsolutePath()
            .getParent()
            .getParent();
    private static final Path GUIDE = REPOSITORY.resolve("docs/guide.md");
    private static final Pattern EXPECTATION = Pattern.compile("-> (?:\\(exit (\\d+)\\) )?(.+)$");
    private static final long FOLLOW_WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URI platform;

    @TempDir
    Path home;

    @TempDir
    Path checkout;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Follower> followers = new ArrayList<>();
    private final String ciToken = Api.unique("ci");
    private Map<String, String> addresses;
    private EmbeddedPostgresServer postgres;
    private Path directory;
    private Cli cli;

    @Test
    void everyCommandOfTheGuideRunsInOrder() throws Exception {
        try (EmbeddedPostgresServer database = EmbeddedPostgresServer.start(checkout.resolve(".pgdata"), 0)) {
            postgres = database;
            askForMd5Passwords(database);
            String url = platform.toString().replaceAll("/$", "");
            addresses = Map.of(
                    "http://localhost:8080",
                    url,
                    "localhost:8080",
                    url.replace("http://", ""),
                    "127.0.0.1:5432",
                    "127.0.0.1:" + database.port());
            Files.createSymbolicLink(checkout.resolve("guests"), REPOSITORY.resolve("guests"));
            copyExample("pg-query");
            directory = checkout;
            cli = new Cli(home, checkout);
            removeLeftoversOfAnEarlierRun();

            int commands = 0;
            for (Block block : blocks(Files.readAllLines(GUIDE))) {
                if (block.language().equals("toml")) {
                    Files.writeString(directory.resolve("sockeye.toml"), mapped(String.join("\n", block.lines())));
                    continue;
                }
                for (String line : block.lines()) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        runLine(line);
                        commands++;
                    }
                }
                stopFollowers();
            }
            assertThat(commands).as("commands run from " + GUIDE).isGreaterThan(50);
            // The reader's role was stored with an md5 verifier and pg_hba.conf asks md5 of it, so every answer the
            // walk-through got from Postgres came through an md5 login.
            assertThat(query(database, "select rolpassword from pg_authid where rolname = 'reader'"))
                    .startsWith("md5");
        }
    }

    /** The guide starts on a platform without its functions; tests share one database that outlives a run. */
    private void removeLeftoversOfAnEarlierRun() {
        Map<String, String> admin = Map.of(
                "SOCKEYE_URL", addresses.get("http://localhost:8080"), "SOCKEYE_TOKEN", Api.token(store, Role.ADMIN));
        for (String function : List.of("hello", "probe", "pg-query")) {
            cli.run(admin, "", false, "rm", function);
        }
    }

    /** One line of a {@code sh} block: commands joined by {@code &&}, then an optional comment. */
    private void runLine(String line) throws Exception {
        List<String> words = ShellWords.split(mapped(line));
        int comment = words.indexOf("#");
        String expected = null;
        int expectedCode = 0;
        if (comment >= 0) {
            Matcher expectation = EXPECTATION.matcher(String.join(" ", words.subList(comment + 1, words.size())));
            if (expectation.find()) {
                expectedCode = expectation.group(1) == null ? 0 : Integer.parseInt(expectation.group(1));
                expected = expectation.group(2);
            }
            words = words.subList(0, comment);
        }
        List<List<String>> commands = new ArrayList<>();
        commands.add(new ArrayList<>());
        for (String word : words) {
            if (word.equals("&&")) {
                commands.add(new ArrayList<>());
            } else {
                commands.getLast().add(word);
            }
        }
        for (List<String> command : commands) {
            run(line, command, expected, expectedCode);
        }
    }

    private void run(String line, List<String> words, String expected, int expectedCode) throws Exception {
        String stdin = "";
        List<String> command = words;
        int pipe = words.indexOf("|");
        if (pipe > 0) {
            assertThat(words.getFirst())
                    .as("only echo pipes into a command: " + line)
                    .isEqualTo("echo");
            stdin = String.join(" ", words.subList(1, pipe)) + "\n";
            command = words.subList(pipe + 1, words.size());
        }
        int into = command.indexOf(">");
        if (into > 0) {
            assertThat(command.getFirst())
                    .as("only echo writes a file: " + line)
                    .isEqualTo("echo");
            Files.writeString(
                    directory.resolve(command.get(into + 1)), String.join(" ", command.subList(1, into)) + "\n");
            return;
        }
        int from = command.indexOf("<");
        if (from > 0) {
            stdin = Files.readString(directory.resolve(command.get(from + 1)));
            command = command.subList(0, from);
        }
        String program = command.getFirst();
        List<String> arguments = command.subList(1, command.size());
        switch (program) {
            case "mkdir" -> Files.createDirectories(directory.resolve(arguments.getLast()));
            case "cd" -> directory = directory.resolve(arguments.getFirst()).normalize();
            case "curl" -> expect(line, curl(arguments.getFirst()), expected, 0, expectedCode);
            case "psql" -> execute(arguments.get(arguments.indexOf("-c") + 1));
            default -> {
                assertThat(Path.of(program).getFileName().toString())
                        .as("a command the guide may use: " + line)
                        .isEqualTo("sockeye");
                sockeye(line, arguments, stdin, expected, expectedCode);
            }
        }
    }

    private void sockeye(String line, List<String> arguments, String stdin, String expected, int expectedCode) {
        if (arguments.equals(List.of("up"))) {
            return; // this platform is the one `./sockeye up` starts
        }
        String typed = stdin;
        if (typed.isEmpty() && arguments.getFirst().equals("login")) {
            typed = Api.token(store, Role.ADMIN) + "\n";
        } else if (typed.isEmpty() && arguments.getFirst().equals("secret")) {
            typed = "typed-at-the-prompt\n";
        }
        String[] args = arguments.toArray(String[]::new);
        Map<String, String> variables = Map.of("SOCKEYE_URL", addresses.get("http://localhost:8080"));
        if (arguments.contains("-f") && !arguments.getFirst().equals("deploy")) {
            followers.add(Follower.start(cli.in(directory), variables, line, expected, args));
            return;
        }
        Cli.Run run = cli.in(directory).run(variables, typed, false, args);
        expect(line, run.out() + run.err(), expected, run.code(), expectedCode);
    }

    private static void expect(String line, String printed, String expected, int code, int expectedCode) {
        assertThat(code)
                .as("exit code of %s, which printed:%n%s", line, printed)
                .isEqualTo(expectedCode);
        if (expected != null) {
            assertThat(printed).as(line).contains(expected);
        }
    }

    private String curl(String address) throws IOException, InterruptedException {
        URI uri = URI.create(address.startsWith("http") ? address : "http://" + address);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Ctrl-C for every follower of the block, once each has printed what the guide says it shows. */
    private void stopFollowers() throws InterruptedException {
        for (Follower follower : followers) {
            follower.awaitExpected(FOLLOW_WAIT_NANOS);
            follower.stop();
        }
        followers.clear();
    }

    /** A {@code -f} command running in a virtual thread until interrupted. */
    private record Follower(Thread thread, ByteArrayOutputStream out, String line, String expected) {

        static Follower start(Cli cli, Map<String, String> variables, String line, String expected, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread thread = Thread.ofVirtual().start(() -> cli.run(out, out, variables, "", false, args));
            return new Follower(thread, out, line, expected);
        }

        void awaitExpected(long waitNanos) throws InterruptedException {
            long deadline = System.nanoTime() + waitNanos;
            while (expected != null && !printed().contains(expected) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (expected != null) {
                assertThat(printed()).as(line).contains(expected);
            }
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive())
                    .as("still following after Ctrl-C: " + line)
                    .isFalse();
        }

        private String printed() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private String mapped(String text) {
        String result = text;
        for (Map.Entry<String, String> address : addresses.entrySet()) {
            result = result.replace(address.getKey(), address.getValue());
        }
        // Token names outlive revocation, and tests share a database that outlives a run.
        result = result.replaceAll("token (create|revoke) ci\\b", "token $1 " + ciToken);
        // A postgres:// rule without a port means 5432, the guide's Postgres.
        return result.replaceAll("postgres://127\\.0\\.0\\.1(?![:\\d])", "postgres://127.0.0.1:" + postgres.port());
    }

    /** examples/NAME as it is in the repository, with the guide's addresses mapped in its manifest. */
    private void copyExample(String name) throws IOException {
        Path target = Files.createDirectories(checkout.resolve("examples").resolve(name));
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("examples").resolve(name))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        Path manifest = target.resolve("sockeye.toml");
        Files.writeString(
                manifest,
                mapped(Files.readString(manifest))
                        .replace("PGPORT = \"5432\"", "PGPORT = \"" + postgres.port() + "\""));
    }

    /** New passwords stored as md5 verifiers, and md5 asked of every TCP login but the superuser's. */
    private static void askForMd5Passwords(EmbeddedPostgresServer postgres) throws Exception {
        execute(postgres, "alter system set password_encryption = 'md5'");
        Path hba = postgres.dataDirectory().resolve("pg_hba.conf");
        Files.writeString(hba, "host all reader 127.0.0.1/32 md5\n" + Files.readString(hba));
        execute(postgres, "select pg_reload_conf()");
    }

    private void execute(String sql) throws Exception {
        execute(postgres, sql);
    }

    private static void execute(EmbeddedPostgresServer postgres, String sql) throws Exception {
        try (Connection connection = postgres.dataSource("postgres").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(EmbeddedPostgresServer postgres, String sql) throws Exception {
        try (Connection connection = postgres.dataSource("postgres").getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).as(sql).isTrue();
            return row.getString(1);
        }
    }

    /** A fenced code block of the guide. */
    private record Block(String language, List<String> lines) {}

    private static List<Block> blocks(List<String> markdown) {
        List<Block> blocks = new ArrayList<>();
        Block open = null;
        for (String line : markdown) {
            if (line.startsWith("```")) {
                if (open == null) {
                    open = new Block(line.substring(3).strip(), new ArrayList<>());
                } else {
                    blocks.add(open);
                    open = null;
                }
            } else if (open != null) {
                open.lines().add(line);
            }
        }
        return blocks.stream()
                .filter(block ->
                        block.language().equals("sh") || block.language().equals("toml"))
                .toList();
    }

    /** Splits a shell line into words: quotes group and are removed; {@code #} after a space starts a comment word. */
    static final class ShellWords {

        private ShellWords() {}

        static List<String> split(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else if (c == '#' && !inWord) {
                    words.add("#");
                    words.addAll(List.of(line.substring(i + 1).strip().split("\\s+")));
                    return words;
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
