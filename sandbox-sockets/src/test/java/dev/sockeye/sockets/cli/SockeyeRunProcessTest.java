package dev.sockeye.sockets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sockeye.sockets.testing.FsProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code sockeye run} as its own process in a network namespace with no usable interface (loopback down, no hardware
 * address), where Netty would warn with a stack trace: the terminal shows only what the guest writes.
 */
class SockeyeRunProcessTest {

    @Test
    void noEngineNoiseReachesTheTerminalWithoutNetworkInterfaces() throws Exception {
        assumeTrue(run(List.of("unshare", "-rn", "true")).exitCode == 0, "unprivileged user namespaces");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        var result = run(List.of(
                "unshare",
                "-rn",
                java,
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                SockeyeRun.class.getName(),
                FsProbe.wasm("fs_probe").toString(),
                "exit:3"));

        assertThat(result.stderr).isEmpty();
        assertThat(result.exitCode).isEqualTo(3);
    }

    private record Result(int exitCode, String stderr) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stderr);
    }
}
