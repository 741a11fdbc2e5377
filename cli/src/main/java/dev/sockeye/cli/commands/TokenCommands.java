package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** API tokens (admin only): token create|ls|revoke. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Create, list or revoke API tokens (needs an admin token)",
        subcommands = {TokenCommands.Create.class, TokenCommands.Ls.class, TokenCommands.Revoke.class})
public final class TokenCommands extends VerbGroup {

    public TokenCommands() {
        super("token", "create, ls or revoke");
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create a token. The token itself is printed once, alone on stdout (TOKEN=$(sockeye token create ci)),"
                        + " and cannot be shown again."
            })
    public static final class Create extends Verb {

        @Parameters(index = "0", paramLabel = "NAME", description = "what the token is for, e.g. ci-deployer")
        String name;

        @Option(
                names = "--role",
                defaultValue = "developer",
                description = "admin, developer or viewer (default ${DEFAULT-VALUE})")
        String role;

        @Override
        public Integer call() {
            Map<String, Object> create = new LinkedHashMap<>();
            create.put("name", name);
            create.put("role", role);
            JsonNode issued = session().api().post("/api/v1/tokens", create);
            return show(issued, token -> {
                session()
                        .err()
                        .println("Created token " + Session.text(token, "name") + " (" + Session.text(token, "role")
                                + "); it is shown only now:");
                session().out().println(Session.text(token, "token"));
            });
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Tokens with role, use and revocation")
    public static final class Ls extends Verb {

        @Override
        public Integer call() {
            return showTable(
                    session().api().get("/api/v1/tokens"),
                    new Table("NAME", "ROLE", "CREATED", "BY", "LAST USED", "REVOKED"),
                    token -> new Object[] {
                        Session.text(token, "name"),
                        Session.text(token, "role"),
                        Session.text(token, "createdAt"),
                        Session.text(token, "createdBy"),
                        Session.text(token, "lastUsedAt"),
                        Session.text(token, "revokedAt")
                    });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token for good")
    public static final class Revoke extends Verb {

        @Parameters(index = "0", paramLabel = "NAME", description = "the token's name (as token ls shows it)")
        String name;

        @Override
        public Integer call() {
            session().api().delete("/api/v1/tokens/" + ApiClient.query(name));
            return done("Revoked token " + name, Map.of("token", name, "revoked", true));
        }
    }
}
