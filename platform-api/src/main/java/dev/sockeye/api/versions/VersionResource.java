package dev.sockeye.api.versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.api.auth.CurrentCaller;
import dev.sockeye.api.auth.Requires;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.store.tokens.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api/v1/functions/{name}")
@Tag(name = "Versions")
@Produces(MediaType.APPLICATION_JSON)
@Requires(Role.DEVELOPER)
public class VersionResource {

    public static final String WASM = "application/wasm";
    static final String UPLOAD_SUMMARY = "Upload a module, validated before it is stored: as the raw application/wasm "
            + "body (args and env as query parameters) or multipart (module, optional files zip, args as a JSON "
            + "array, env as a JSON object, activate)";

    @Inject
    VersionService versions;

    @Inject
    CurrentCaller caller;

    @Inject
    ObjectMapper json;

    @POST
    @Path("versions")
    @Consumes(WASM)
    @UploadSlot
    @Operation(summary = UPLOAD_SUMMARY)
    public Response uploadRaw(
            @PathParam("name") String name,
            byte[] wasm,
            @Parameter(description = "one argv entry after the program name; repeat in order") @QueryParam("arg")
                    List<String> args,
            @Parameter(description = "NAME=value; repeat for several", example = "GREETING=hi") @QueryParam("env")
                    List<String> env,
            @QueryParam("activate") @DefaultValue("false") boolean activate,
            @Context UriInfo uri) {
        return created(
                uri,
                versions.upload(
                        name, new Upload(wasm, Optional.empty(), args, envPairs(env), activate), caller.actor()));
    }

    @POST
    @Path("versions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @UploadSlot
    @Operation(summary = UPLOAD_SUMMARY)
    public Response uploadMultipart(
            @PathParam("name") String name,
            @RestForm("module") FileUpload module,
            @RestForm("files") FileUpload files,
            @Schema(example = "[\"--port\", \"8080\"]") @RestForm("args") String args,
            @Schema(example = "{\"GREETING\": \"hi\"}") @RestForm("env") String env,
            @RestForm("activate") @DefaultValue("false") boolean activate,
            @Context UriInfo uri) {
        if (module == null) {
            throw ApiException.badRequest("module", "the multipart part 'module' with the .wasm file is required");
        }
        Upload upload = new Upload(
                Upload.bytes(module),
                Optional.ofNullable(files).map(Upload::bytes),
                parse("args", args, new TypeReference<List<String>>() {}, List.of()),
                parse("env", env, new TypeReference<Map<String, String>>() {}, Map.of()),
                activate);
        return created(uri, versions.upload(name, upload, caller.actor()));
    }

    @GET
    @Path("versions")
    @Requires(Role.VIEWER)
    @Operation(summary = "List versions, newest first")
    public List<VersionView> list(@PathParam("name") String name) {
        return versions.list(name);
    }

    @GET
    @Path("versions/{number}")
    @Requires(Role.VIEWER)
    @Operation(summary = "Get one version")
    public VersionView get(@PathParam("name") String name, @PathParam("number") int number) {
        return versions.get(name, number);
    }

    @POST
    @Path("versions/{number}/activate")
    @Operation(summary = "Make this version the one triggers run")
    public VersionView activate(@PathParam("name") String name, @PathParam("number") int number) {
        return versions.activate(name, number);
    }

    @POST
    @Path("rollback")
    @Operation(summary = "Activate the version before the active one (the highest lower number)")
    public VersionView rollBack(@PathParam("name") String name) {
        return versions.rollBack(name);
    }

    private static Response created(UriInfo uri, VersionView version) {
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(String.valueOf(version.number()))
                        .build())
                .entity(version)
                .build();
    }

    private static Map<String, String> envPairs(List<String> pairs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int separator = pair.indexOf('=');
            if (separator <= 0) {
                throw ApiException.badRequest("env", "env entries are NAME=value, was '" + pair + "'");
            }
            env.put(pair.substring(0, separator), pair.substring(separator + 1));
        }
        return env;
    }

    private <T> T parse(String field, String text, TypeReference<T> type, T absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(
                    field,
                    field + " must be JSON ("
                            + ("args".equals(field) ? "an array of strings" : "an object of strings") + "): "
                            + e.getOriginalMessage());
        }
    }
}
