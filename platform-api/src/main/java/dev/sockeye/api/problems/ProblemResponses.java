package dev.sockeye.api.problems;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Documents the error side once for every operation: any 4xx/5xx is an {@code application/problem+json}
 * {@link Problem} (registered as {@code mp.openapi.filter}).
 */
public class ProblemResponses implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths()
                .getPathItems()
                .values()
                .forEach(path -> path.getOperations().values().forEach(operation -> {
                    if (operation.getResponses() == null) {
                        operation.setResponses(OASFactory.createAPIResponses());
                    }
                    operation
                            .getResponses()
                            .addAPIResponse(
                                    "4XX",
                                    OASFactory.createAPIResponse()
                                            .description("The request was refused; the problem names the bad input")
                                            .content(OASFactory.createContent()
                                                    .addMediaType(
                                                            Problem.MEDIA_TYPE,
                                                            OASFactory.createMediaType()
                                                                    .schema(OASFactory.createSchema()
                                                                            .ref(PROBLEM_REF)))));
                }));
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema item = OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .properties(Map.of("field", text, "value", text, "message", text));
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 7807 problem details")
                .properties(Map.of(
                        "type",
                        text,
                        "title",
                        text,
                        "status",
                        OASFactory.createSchema().addType(Schema.SchemaType.INTEGER),
                        "detail",
                        text,
                        "instance",
                        text,
                        "field",
                        text,
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .items(item)))
                .example(Map.of(
                        "type",
                        ProblemTypes.INVALID_EGRESS_RULES,
                        "title",
                        "Invalid egress rules",
                        "status",
                        422,
                        "detail",
                        "1 egress rule does not parse: egress rule \"tcp://x.com\": a port is " + "required",
                        "field",
                        "rules[0]"));
    }
}
