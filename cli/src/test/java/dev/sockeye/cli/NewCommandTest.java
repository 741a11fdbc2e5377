package dev.sockeye.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockeye.cli.manifest.Manifest;
import dev.sockeye.cli.manifest.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sockeye new c|rust NAME}: the project it writes builds, and its manifest is one deploy accepts. */
class NewCommandTest {

    private static final byte[] WASM_MAGIC = {0x00, 'a', 's', 'm'};

    @TempDir
    Path workspace;

    private CliRun run(String... args) {
        return CliRun.run(
                workspace, Map.of("SOCKEYE_HOME", workspace.resolve("home").toString()), args);
    }

    @Test
    void aCProjectHasTheHandlerTheSdkABuildScriptAndAManifestDeployAccepts() throws IOException {
        CliRun created = run("new", "c", "hello-c");

        assertThat(created.code()).as(created.err()).isZero();
        Path project = workspace.resolve("hello-c");
        assertThat(created.out()).contains("Created c function project hello-c").contains("./build.sh");
        assertThat(project.resolve("main.c")).content().contains("sockeye_wagi_read_request");
        assertThat(project.resolve("build.sh")).isExecutable();
        assertThat(project.resolve("README.md")).content().contains("# hello-c");
        assertThat(project.resolve("sdk/sockeye_socket.h"))
                .hasSameBinaryContentAs(repository().resolve("guests/sdk/c/sockeye_socket.h"));
        assertThat(project.resolve("sdk/sockeye_wagi.c"))
                .hasSameBinaryContentAs(repository().resolve("guests/sdk/c/sockeye_wagi.c"));
        assertThat(project.resolve("sdk/sockeye_tls.h"))
                .hasSameBinaryContentAs(repository().resolve("guests/sdk/c/sockeye_tls.h"));
        assertThat(project.resolve("sdk/sockeye_tls.c"))
                .hasSameBinaryContentAs(repository().resolve("guests/sdk/c/sockeye_tls.c"));
        assertThat(project.resolve("build.sh")).content().contains("sdk/sockeye_tls.c");

        Manifest manifest = ManifestReader.read(project.resolve("sockeye.toml"));
        assertThat(manifest.name()).isEqualTo("hello-c");
        assertThat(manifest.module()).isEqualTo(project.resolve("hello-c.wasm").toAbsolutePath());
        assertThat(manifest.routes()).containsExactly("/hello-c");
        assertThat(manifest.visibility()).isEqualTo("public");
        assertThat(manifest.egress()).isEmpty();
        assertThat(manifest.limits()).containsEntry("timeoutMs", 5000L);
    }

    @Test
    void theCProjectBuildsWithClang() throws Exception {
        assumeTrue(onPath("clang"), "clang is not installed");
        assertThat(run("new", "c", "built-c").code()).isZero();
        Path project = workspace.resolve("built-c");

        Process build = build(project, Map.of());

        String output = output(build);
        assertThat(build.exitValue()).as(output).isZero();
        assertThat(output).contains("built built-c.wasm");
        assertThat(Arrays.copyOf(Files.readAllBytes(project.resolve("built-c.wasm")), 4))
                .isEqualTo(WASM_MAGIC);
    }

    @Test
    void aRustProjectIncludesTheSdkAndBuildsWithRustc() throws Exception {
        CliRun created = run("new", "rust", "hello-rs", "--json");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("\"language\" : \"rust\"").contains("src/sockeye.rs");
        Path project = workspace.resolve("hello-rs");
        assertThat(project.resolve("src/main.rs")).content().contains("#[path = \"sockeye.rs\"]");
        assertThat(project.resolve("src/sockeye.rs"))
                .hasSameBinaryContentAs(repository().resolve("guests/sdk/rust/sockeye.rs"));
        assertThat(ManifestReader.read(project.resolve("sockeye.toml")).module())
                .isEqualTo(project.resolve("hello-rs.wasm").toAbsolutePath());

        Path rustc = Path.of("/usr/bin/rustc"); // Debian's: it has the wasm32-wasi std
        assumeTrue(Files.isExecutable(rustc), "Debian's rustc is not installed");
        Process build = build(project, Map.of("RUSTC", rustc.toString()));
        assertThat(build.exitValue()).as(output(build)).isZero();
        assertThat(Arrays.copyOf(Files.readAllBytes(project.resolve("hello-rs.wasm")), 4))
                .isEqualTo(WASM_MAGIC);
    }

    @Test
    void dirPutsTheProjectElsewhereButTheNameStaysTheFunctions() throws IOException {
        CliRun created = run("new", "c", "api", "--dir", "functions/api-fn");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(ManifestReader.read(workspace.resolve("functions/api-fn/sockeye.toml"))
                        .name())
                .isEqualTo("api");
    }

    @Test
    void anExistingProjectIsNeverOverwritten() throws IOException {
        Files.createDirectories(workspace.resolve("taken"));
        Files.writeString(workspace.resolve("taken/main.c"), "mine");

        CliRun refused = run("new", "c", "taken");

        assertThat(refused.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(refused.err().lines().toList())
                .containsExactly("sockeye: " + workspace.resolve("taken")
                        + " exists and is not an empty directory; pick another NAME or --dir");
        assertThat(workspace.resolve("taken/main.c")).hasContent("mine");
    }

    @Test
    void aNameThePlatformWouldRefuseIsAUsageError() {
        CliRun refused = run("new", "rust", "Hello World");
        assertThat(refused.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(refused.err())
                .startsWith("sockeye: 'Hello World' is not a function name")
                .hasLineCount(1);
        assertThat(workspace.resolve("Hello World")).doesNotExist();
    }

    @Test
    void anUnknownLanguageIsAUsageError() {
        CliRun refused = run("new", "cobol", "payroll");
        assertThat(refused.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(refused.err()).isEqualTo("sockeye: 'cobol' is not a language sockeye new knows (c or rust)\n");
    }

    @Test
    void newHasHelp() {
        CliRun help = run("new", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out())
                .startsWith("Usage: sockeye new")
                .contains("LANGUAGE")
                .contains("NAME");
    }

    private static Process build(Path project, Map<String, String> variables) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "build.sh"))
                .directory(project.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(variables);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process;
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null
                && Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** The checkout this module lives in (the tests run in cli/). */
    private static Path repository() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
