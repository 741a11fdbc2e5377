package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sockeye.cli.project.ProjectTemplate;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = {
            "Write a new function project: the handler (C or Rust) with the Sockeye SDK copied in, build.sh,",
            "sockeye.toml and a README. Then: cd NAME && ./build.sh && sockeye deploy"
        })
public final class NewCommand extends Verb {

    @Parameters(index = "0", paramLabel = "LANGUAGE", description = "c or rust")
    String language;

    @Parameters(index = "1", paramLabel = "NAME", description = "the function's name; also the project's directory")
    String name;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "write the project into DIR instead of ./NAME (must not exist or be empty)")
    Path directory;

    @Override
    public Integer call() throws IOException {
        ProjectTemplate template = template();
        Path target = session().environment().resolve(directory == null ? name : directory.toString());
        List<Path> files;
        try {
            files = template.write(target, name);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(e.getMessage());
        } catch (FileAlreadyExistsException e) {
            throw new UsageProblem(target + " " + e.getReason() + "; pick another NAME or --dir");
        }
        if (json()) {
            ObjectNode answer = session().json().createObjectNode();
            answer.put("language", template.language());
            answer.put("name", name);
            answer.put("directory", target.toString());
            ArrayNode written = answer.putArray("files");
            files.forEach(file -> written.add(file.toString()));
            session().printJson(answer);
            return 0;
        }
        session().out().println("Created " + template.language() + " function project " + name + " in " + target);
        files.forEach(file -> session().out().println("  " + file));
        session()
                .out()
                .println(
                        "Next: cd " + session().environment().workingDirectory().relativize(target)
                                + " && ./build.sh && sockeye deploy");
        return 0;
    }

    private ProjectTemplate template() {
        for (ProjectTemplate template : ProjectTemplate.values()) {
            if (template.language().equals(language)) {
                return template;
            }
        }
        throw new UsageProblem("'" + language + "' is not a language sockeye new knows (c or rust)");
    }
}
