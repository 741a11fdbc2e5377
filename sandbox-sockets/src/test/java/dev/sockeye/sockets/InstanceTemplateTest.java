package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.internal.instance.InstanceTemplate;
import dev.sockeye.sockets.testing.Guests;
import org.junit.jupiter.api.Test;

/**
 * Instances after the first are built from the module's prepared template, not by Chicory's builder; each still
 * starts with fresh globals, data, passive segments and tables, whatever the one before it changed.
 */
class InstanceTemplateTest {

    @Test
    void everyInstanceStartsFreshAfterTheOneBeforeChangedGlobalsDataAndTables() {
        try (var sandbox = Sandbox.builder().build()) {
            for (var guest : new CompiledGuest[] {
                sandbox.compile(Guests.bytes("instance_state")), sandbox.interpret(Guests.bytes("instance_state"))
            }) {
                for (int run = 0; run < 4; run++) {
                    var outcome = sandbox.run(guest, GuestOptions.builder().build());
                    assertThat(outcome.kind()).as("run %d", run).isEqualTo(GuestOutcome.Kind.EXITED);
                    assertThat(outcome.exitCode()).as("run %d", run).isZero();
                }
            }
        }
    }

    @Test
    void laterInstancesSkipChicorysBuilderOnTheClassPath() {
        // The tests run on the class path, as the invoker and the platform do: the constructor must be reachable,
        // or every request pays for the builder's import resolution again.
        assertThat(InstanceTemplate.prepared()).isTrue();
    }

    @Test
    void aModuleThatDoesNotFitTheMemoryCapFailsEveryTimeWithTheSameMessage() {
        try (var sandbox = Sandbox.builder().build()) {
            var guest = sandbox.compile(Guests.bytes("hello_wagi")); // 2 pages
            var options = GuestOptions.builder()
                    .limits(dev.sockeye.sockets.limits.SandboxLimits.DEFAULTS.withMaxMemoryPages(1))
                    .build();
            for (int run = 0; run < 2; run++) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.run(guest, options))
                        .isInstanceOf(GuestModuleException.class)
                        .hasMessage("the module needs 2 memory pages to start, more than the limit of 1");
            }
        }
    }
}
