package dev.sockeye.sockets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressRequest;
import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.FsProbe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sockeye run} end to end, in-process: exit codes, stdio and messages as a shell user sees them. */
class SockeyeRunTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path temp;

    private int run(String stdin, String... args) {
        return SockeyeRun.run(
                List.of(args),
                Map.of("SOCKEYE_TEST", "from-host"),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String probe() {
        return FsProbe.wasm("fs_probe").toString();
    }

    @Test
    void theCompiledClassesAreKeptInTheHomesCompileCacheForTheNextRun() throws IOException {
        Path home = temp.resolve("sockeye-home");
        var environment = Map.of("SOCKEYE_HOME", home.toString());

        assertThat(runWith(environment, "", probe(), "exit:7")).isEqualTo(7);
        List<Path> cached = cacheFiles(home);
        assertThat(cached).singleElement().asString().endsWith(".classes");
        long written = Files.getLastModifiedTime(cached.getFirst()).toMillis();

        assertThat(runWith(environment, "", probe(), "exit:8")).isEqualTo(8);
        assertThat(cacheFiles(home)).isEqualTo(cached);
        assertThat(Files.getLastModifiedTime(cached.getFirst()).toMillis()).isEqualTo(written);
        assertThat(err()).isEmpty();
    }

    @Test
    void aLargeModuleNotCachedYetRunsInterpretedAndIsCompiledForTheNextRun() throws IOException {
        Path home = temp.resolve("sockeye-home");
        // fs_probe stands in for a large module: anything over 1 KiB counts as large here.
        var environment = Map.of("SOCKEYE_HOME", home.toString(), "SOCKEYE_INTERPRET_ABOVE_BYTES", "1024");

        assertThat(runWith(environment, "typed\n", probe(), "echo")).isZero();
        assertThat(out()).isEqualTo("typed\n");
        assertThat(cacheFiles(home)).singleElement().asString().endsWith(".classes");
        assertThat(err()).isEmpty();
    }

    private int runWith(Map<String, String> environment, String stdin, String... args) {
        return SockeyeRun.run(
                List.of(args),
                environment,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static List<Path> cacheFiles(Path home) throws IOException {
        try (var files = Files.walk(home.resolve("compile-cache"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void exitCodeIsTheGuests() {
        assertThat(run("", probe(), "exit:42")).isEqualTo(42);
        assertThat(err()).isEmpty();
    }

    @Test
    void stdioEnvironmentAndDirectoriesReachTheGuest() throws IOException {
        Files.writeString(temp.resolve("in.txt"), "file text");

        int exitCode = run(
                "typed input\n",
                "--env",
                "SOCKEYE_TEST",
                "--dir",
                temp + "::/data",
                probe(),
                "env:SOCKEYE_TEST",
                "cat:/data/in.txt",
                "echo");

        assertThat(exitCode).isZero();
        assertThat(out()).isEqualTo("env: ok SOCKEYE_TEST=from-host\ncat: ok file text\ntyped input\n");
    }

    @Test
    void trapPrintsTheTrapAndExitsWith134() {
        assertThat(run("", probe(), "trap")).isEqualTo(134);
        assertThat(err()).startsWith("sockeye: guest trapped: ");
    }

    @Test
    void badUsageExitsWith2AndPrintsUsage() {
        assertThat(run("", "--bogus", probe())).isEqualTo(2);
        assertThat(err()).startsWith("sockeye: unknown option --bogus\nusage: sockeye run");
    }

    @Test
    void missingModuleOrDirectoryExitsWith2NamingIt() {
        assertThat(run("", temp.resolve("absent.wasm").toString())).isEqualTo(2);
        assertThat(run("", "--dir", temp.resolve("nodir").toString(), probe())).isEqualTo(2);

        assertThat(err())
                .contains("sockeye: cannot read " + temp.resolve("absent.wasm"))
                .contains("sockeye: --dir " + temp.resolve("nodir") + ": not a directory");
    }

    @Test
    void invalidModuleExitsWith2() throws IOException {
        Path junk = Files.writeString(temp.resolve("junk.wasm"), "not wasm");

        assertThat(run("", junk.toString())).isEqualTo(2);
        assertThat(err()).startsWith("sockeye: " + junk + ": not a valid WebAssembly module");
    }

    @Test
    void aSimdModuleRunsAndExitsWithWhatItComputed() {
        assertThat(run("", FsProbe.wasm("simd").toString())).isEqualTo(44);
        assertThat(err()).isEmpty();
    }

    @Test
    void aRelaxedSimdModuleIsOneLineNamingTheInstructionAndExit2() {
        String relaxed = FsProbe.wasm("relaxed_simd").toString();

        assertThat(run("", relaxed)).isEqualTo(2);
        assertThat(err())
                .isEqualTo("sockeye: " + relaxed + ": uses relaxed SIMD (i8x16.relaxed_swizzle) (not supported)"
                        + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @Test
    void aFunctionTooBigForTheJvmRunsWithoutEngineNoiseOnTheTerminal() {
        // Chicory writes its fallback warning to the JVM's own stderr, not to the guest's: watch that one.
        var processErr = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        int exitCode;
        System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
        try {
            exitCode = run("", FsProbe.wasm("huge_function").toString());
        } finally {
            System.setErr(previous);
        }

        assertThat(exitCode).isZero();
        assertThat(processErr.toString(StandardCharsets.UTF_8)).doesNotContain("interpreted mode");
        assertThat(err()).isEmpty();
    }

    @Test
    void unsatisfiedImportsExitWith2AndAreNamed() throws IOException {
        // (module (import "env" "missing" (func)))
        byte[] module = {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0f, 0x01, 0x03,
            'e', 'n', 'v', 0x07, 'm', 'i', 's', 's', 'i', 'n', 'g', 0x00, 0x00
        };
        Path wasm = Files.write(temp.resolve("imports.wasm"), module);

        assertThat(run("", wasm.toString())).isEqualTo(2);
        assertThat(err())
                .contains("imports what Sockeye does not provide")
                .contains("env.missing: unknown import module");
    }

    @Test
    void importsAreCheckedBeforeTheCodeIsRead() throws IOException {
        // (module (import "env" "missing" (func)) (func i32.add)): the code does not validate, but a large module's
        // code takes seconds to read, and the imports alone decide that it cannot run.
        byte[] module = {
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, 0x0f, 0x01, 0x03,
            'e', 'n', 'v', 0x07, 'm', 'i', 's', 's', 'i', 'n', 'g', 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x05,
            0x01, 0x03, 0x00, 0x6a, 0x0b
        };
        Path wasm = Files.write(temp.resolve("imports-first.wasm"), module);

        assertThat(run("", wasm.toString())).isEqualTo(2);
        assertThat(err())
                .contains("imports what Sockeye does not provide")
                .contains("env.missing: unknown import module")
                .doesNotContain("not a valid WebAssembly module");
    }

    @Test
    void aDeniedConnectIsOneLineOnStderrAndTheGuestGetsEacces() {
        int exitCode = run("", FsProbe.wasm("tcp_echo_client").toString(), "127.0.0.1", "9", "10");

        assertThat(exitCode).isEqualTo(Errno.ACCES.code());
        assertThat(err().lines())
                .containsExactly(
                        "sockeye: denied connect tcp 127.0.0.1:9 (no egress rule allows it (deny-all))",
                        "connect: errno=" + Errno.ACCES.code());
    }

    @Test
    void allowRulesDecideAndTheDenialSaysWhy() {
        int exitCode = run(
                "",
                "--allow",
                "example.com:443",
                "--listen",
                "8080",
                FsProbe.wasm("tcp_echo_client").toString(),
                "127.0.0.1",
                "9",
                "10");

        assertThat(exitCode).isEqualTo(Errno.ACCES.code());
        assertThat(err().lines().findFirst().orElseThrow())
                .startsWith("sockeye: denied connect tcp 127.0.0.1:9 (no IP or CIDR rule allows tcp port 9");
    }

    @Test
    void anAllowRuleLetsTheGuestReachItsServer() throws Exception {
        try (var echo = new dev.sockeye.sockets.testing.EchoServer()) {
            int exitCode = run(
                    "",
                    "--allow",
                    "tcp://127.0.0.1:" + echo.port(),
                    FsProbe.wasm("tcp_echo_client").toString(),
                    "127.0.0.1",
                    String.valueOf(echo.port()),
                    "1000");

            assertThat(exitCode).as(err()).isZero();
            assertThat(out()).contains("echoed=1000");
        }
    }

    @Test
    void listenGrantsAServerGuestItsPort() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var outcome = new java.util.concurrent.CompletableFuture<Integer>();
        Thread.ofVirtual()
                .start(() -> outcome.complete(run(
                        "",
                        "--listen",
                        String.valueOf(port),
                        FsProbe.wasm("tcp_server").toString(),
                        String.valueOf(port),
                        "1")));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!out().contains("listening=" + port) && !outcome.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        try (var client = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            client.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.getInputStream().readNBytes(2)).isEqualTo("HI".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .as(err())
                .isZero();
    }

    @Test
    void invalidRulesExitWith2ListingEachBadRule() {
        assertThat(run("", "--allow", "a:b:c", "--listen", "x", probe())).isEqualTo(2);

        assertThat(err()).contains("egress rule \"a:b:c\"").contains("egress rule \"listen://:x\"");
    }

    @Test
    void eachDenialIsOneLineOnStderr() throws Exception {
        var lines = new ArrayList<String>();
        var stderr = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                lines.add(line);
            }
        };
        EgressGuard guard = EgressGuard.denyAll(new DenialLine(stderr));

        guard.check(EgressRequest.lookup("example.com"));
        guard.check(
                EgressRequest.of(EgressRequest.Kind.CONNECT, Transport.TCP, InetAddress.getByName("203.0.113.7"), 443));
        guard.check(EgressRequest.of(EgressRequest.Kind.SEND, Transport.UDP, InetAddress.getByName("2001:db8::1"), 53));

        assertThat(lines)
                .containsExactly(
                        "sockeye: denied lookup tcp example.com (no egress rule allows it (deny-all))",
                        "sockeye: denied connect tcp 203.0.113.7:443 (no egress rule allows it (deny-all))",
                        "sockeye: denied send udp [2001:db8:0:0:0:0:0:1]:53 (no egress rule allows it (deny-all))");
    }

    @Test
    void allowedUsesPrintNothing() throws Exception {
        var printed = new ByteArrayOutputStream();
        EgressGuard guard =
                EgressGuard.allowAll(new DenialLine(new PrintStream(printed, true, StandardCharsets.UTF_8)));

        guard.check(EgressRequest.of(EgressRequest.Kind.CONNECT, Transport.TCP, InetAddress.getByName("10.0.0.1"), 80));

        assertThat(printed.size()).isZero();
    }
}
