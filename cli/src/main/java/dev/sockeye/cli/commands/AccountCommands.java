package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.config.CliEnvironment;
import dev.sockeye.cli.config.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Who the CLI talks to: login, logout, whoami. */
public final class AccountCommands {

    private AccountCommands() {}

    @Command(
            name = "login",
            mixinStandardHelpOptions = true,
            description = "Ask for an API token (no echo), check it against the platform and store both in"
                    + " $SOCKEYE_HOME/config (mode 600)")
    public static final class Login extends Verb {

        @Parameters(
                arity = "0..1",
                paramLabel = "URL",
                description = "the platform, default http://localhost:8080 (or SOCKEYE_URL)")
        String url;

        @Override
        public Integer call() throws IOException {
            Session session = session();
            CliEnvironment environment = session.environment();
            URI target = url != null
                    ? Credentials.parseUrl(url)
                    : session.credentials().url();
            String token = environment.variable("SOCKEYE_TOKEN");
            if (token == null) {
                token = environment.readSecret("API token for " + target + ": ");
            }
            if (token == null || token.isBlank()) {
                throw new UsageProblem(
                        "no token given (paste the sockeye_... token printed by the first ./sockeye up)");
            }
            ApiClient api = new ApiClient(target, token.strip(), session.json());
            JsonNode caller = api.get("/api/v1/whoami");
            Path file = Credentials.file(environment);
            new Credentials(target, token.strip()).store(file);
            if (json()) {
                ((ObjectNode) caller).put("url", target.toString()).put("config", file.toString());
                session.printJson(caller);
            } else {
                session.out()
                        .println("Logged in to " + target + " as " + Session.text(caller, "token") + " ("
                                + Session.text(caller, "role") + "); saved in " + file);
            }
            return 0;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the stored URL and token")
    public static final class Logout extends Verb {

        @Override
        public Integer call() throws IOException {
            Path file = Credentials.file(session().environment());
            boolean removed = Files.deleteIfExists(file);
            return done(
                    removed ? "Logged out (removed " + file + ")" : "Not logged in",
                    Map.of("loggedOut", removed, "config", file.toString()));
        }
    }

    @Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show the token's name and role")
    public static final class WhoAmI extends Verb {

        @Override
        public Integer call() {
            ApiClient api = session().api();
            JsonNode caller = api.get("/api/v1/whoami");
            if (json()) {
                ((ObjectNode) caller).put("url", api.base().toString());
                session().printJson(caller);
            } else {
                session()
                        .out()
                        .println(Session.text(caller, "token") + " (" + Session.text(caller, "role") + ") at "
                                + api.base());
            }
            return 0;
        }
    }
}
