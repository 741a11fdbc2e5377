package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockeye.cli.deploy.Deployer;
import dev.sockeye.cli.manifest.Manifest;
import dev.sockeye.cli.manifest.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Deploy a function: from sockeye.toml in this folder (or -f FILE), or from NAME and a module.",
            "Creates the function if needed, sets routes, limits, visibility and egress rules, uploads and activates"
                    + " the version, and waits until its trigger serves it before printing the URL."
        })
public final class DeployCommand extends Verb {

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "the manifest (default ./sockeye.toml)")
    Path manifestFile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the function (without a manifest)")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MODULE", description = "the .wasm module")
    Path module;

    @Option(
            names = "--allow",
            paramLabel = "RULE",
            description = "an egress rule, e.g. tcp://db.internal:5432 (repeat)")
    List<String> allow = new ArrayList<>();

    @Option(names = "--route", paramLabel = "ROUTE", description = "a trigger route, e.g. /hello (repeat)")
    List<String> routes = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "an environment variable of the guest (repeat)")
    List<String> env = new ArrayList<>();

    @Option(names = "--arg", paramLabel = "ARG", description = "an argument of the guest after its name (repeat)")
    List<String> args = new ArrayList<>();

    @Option(names = "--files", paramLabel = "DIR", description = "a directory the guest sees read-only at /bundle")
    Path files;

    @Option(names = "--public", description = "serve the trigger without a token (default: private)")
    boolean publicTrigger;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "how long to wait until every live invoker serves the new version (default 30)")
    int waitSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Manifest manifest = manifest();
        if (!Files.isRegularFile(manifest.module())) {
            throw new UsageProblem("module " + manifest.module() + " does not exist or is not a file");
        }
        if (manifest.files() != null && !Files.isDirectory(manifest.files())) {
            throw new UsageProblem("files " + manifest.files() + " is not a directory");
        }
        if (waitSeconds < 1) {
            throw new UsageProblem("--wait must be at least 1 second, was " + waitSeconds);
        }
        Session session = session();
        Deployer.Deployed deployed = new Deployer(
                        session.api(),
                        session.json(),
                        session.err(),
                        session.environment().terminal(),
                        java.time.Duration.ofSeconds(waitSeconds))
                .deploy(manifest);
        if (json()) {
            ObjectNode result = session.json().createObjectNode();
            result.set("function", deployed.function());
            result.set("version", deployed.version());
            result.put("url", deployed.url());
            session.printJson(result);
        } else {
            session.out()
                    .println("Deployed " + manifest.name() + " version "
                            + deployed.version().get("number").asInt() + ": " + deployed.url());
        }
        return 0;
    }

    private Manifest manifest() {
        if (name != null) {
            if (manifestFile != null) {
                throw new UsageProblem("give either -f FILE or NAME MODULE, not both");
            }
            if (module == null) {
                throw new UsageProblem("deploy NAME needs the module too: sockeye deploy NAME module.wasm");
            }
            var environment = session().environment();
            return new Manifest(
                    name,
                    null,
                    environment.resolve(module.toString()),
                    files == null ? null : environment.resolve(files.toString()),
                    args,
                    pairs(env),
                    routes.isEmpty() ? null : routes,
                    publicTrigger ? "public" : null,
                    Map.of(),
                    allow.isEmpty() ? null : allow,
                    null);
        }
        if (!allow.isEmpty()
                || !routes.isEmpty()
                || !env.isEmpty()
                || !args.isEmpty()
                || files != null
                || publicTrigger) {
            throw new UsageProblem("--allow, --route, --env, --arg, --files and --public go with deploy NAME MODULE;"
                    + " with a manifest, set them in sockeye.toml");
        }
        Path file = manifestFile != null
                ? session().environment().resolve(manifestFile.toString())
                : session().environment().resolve(ManifestReader.FILE_NAME);
        return ManifestReader.read(file);
    }

    static Map<String, String> pairs(List<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            int separator = pair.indexOf('=');
            if (separator <= 0) {
                throw new UsageProblem("'" + pair + "' is not NAME=value");
            }
            map.put(pair.substring(0, separator), pair.substring(separator + 1));
        }
        return map;
    }
}
