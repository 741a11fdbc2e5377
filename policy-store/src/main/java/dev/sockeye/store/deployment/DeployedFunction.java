package dev.sockeye.store.deployment;

import dev.sockeye.store.egress.PolicyRevision;
import dev.sockeye.store.functions.FunctionLimits;
import dev.sockeye.store.functions.TriggerVisibility;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an invoker needs to run a function's active version.
 *
 * @param wasm       the module bytes; invokers may cache compiled modules by {@code moduleSha256}
 * @param fileBundle the read-only files archive, if the version has one
 * @param secrets    decrypted values, exposed to the guest as environment variables next to {@code env}
 */
public record DeployedFunction(
        String name,
        int version,
        String moduleSha256,
        byte[] wasm,
        List<String> args,
        Map<String, String> env,
        Optional<byte[]> fileBundle,
        Map<String, String> secrets,
        List<String> routes,
        FunctionLimits limits,
        TriggerVisibility visibility,
        PolicyRevision egressPolicy) {

    @Override
    public String toString() {
        return "DeployedFunction[name=" + name + ", version=" + version + ", module=" + moduleSha256 + ", secrets="
                + secrets.keySet() + ", policyRevision=" + egressPolicy.revision() + "]";
    }
}
