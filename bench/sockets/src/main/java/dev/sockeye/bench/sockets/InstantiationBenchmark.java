package dev.sockeye.bench.sockets;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestInstance;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.Sandbox;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B3: the per-request cost of a compiled module (hello_wagi, a CGI-style handler) with Sockeye's preview1 layer
 * against Chicory's own {@link WasiPreview1}, both on the same compiled machine factory. "instantiate" builds an
 * instance without running it and closes it; "run" also runs {@code _start} (which writes 45 bytes to a discarded
 * stdout). Run with {@code -prof gc} for allocation per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class InstantiationBenchmark {
    private static final String GUEST = "hello_wagi";

    private Sandbox sandbox;
    private CompiledGuest sockeyeGuest;
    private GuestOptions sockeyeOptions;
    private WasmModule module;
    private Function<Instance, Machine> machineFactory;

    @Setup
    public void setUp() {
        byte[] wasm = BenchGuests.bytes(GUEST);
        sandbox = Sandbox.builder().build();
        sockeyeGuest = sandbox.compile(wasm);
        sockeyeOptions = GuestOptions.builder()
                .args(GUEST, List.of())
                .stdout(OutputStream.nullOutputStream())
                .build();
        module = Parser.parse(wasm);
        machineFactory = MachineFactoryCompiler.compile(module);
    }

    @TearDown
    public void tearDown() {
        sandbox.close();
    }

    @Benchmark
    public GuestInstance sockeyeInstantiate() {
        GuestInstance instance = sandbox.instantiate(sockeyeGuest, sockeyeOptions);
        instance.close();
        return instance;
    }

    @Benchmark
    public GuestOutcome sockeyeRun() {
        return sandbox.run(sockeyeGuest, sockeyeOptions);
    }

    @Benchmark
    public Instance chicoryInstantiate() {
        try (WasiPreview1 wasi = chicoryWasi()) {
            return chicoryInstance(wasi);
        }
    }

    @Benchmark
    public int chicoryRun() {
        try (WasiPreview1 wasi = chicoryWasi()) {
            try {
                chicoryInstance(wasi).export("_start").apply();
                return 0;
            } catch (WasiExitException exit) {
                return exit.exitCode();
            }
        }
    }

    private WasiPreview1 chicoryWasi() {
        return WasiPreview1.builder()
                .withOptions(WasiOptions.builder()
                        .withArguments(List.of(GUEST))
                        .withStdout(OutputStream.nullOutputStream())
                        .build())
                .build();
    }

    private Instance chicoryInstance(WasiPreview1 wasi) {
        return Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addFunction(wasi.toHostFunctions())
                        .build())
                .withMachineFactory(machineFactory)
                .withStart(false)
                .build();
    }
}
