package dev.sockeye.api.problems;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 7807 problem document, served as {@code application/problem+json}.
 *
 * @param type   a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param field  the request field at fault, when there is one ({@code limits.timeoutMs}, {@code rules[2]})
 * @param errors each individual fault when there are several (every bad rule, every unknown import)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(example = """
        {"type": "https://sockeye.dev/problems/invalid-egress-rules", "title": "Invalid egress rules", "status": 422,
         "detail": "1 egress rule does not parse: egress rule \\"tcp://x.com\\": a port is required",
         "instance": "/api/v1/functions/hello/egress", "field": "rules[0]",
         "errors": [{"field": "rules[0]", "value": "tcp://x.com", "message": "a port is required"}]}""")
public record Problem(
        String type, String title, int status, String detail, String instance, String field, List<Item> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One of several faults: where ({@code field}), the offending {@code value} and what is wrong. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String field, String value, String message) {}
}
