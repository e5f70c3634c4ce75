package org.ssi.gateway.directory.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.DirectoryImportClient;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;

/**
 * The bulk import of the directory, forwarded to activity-service. The body is piped through as it arrives, with its
 * content type, so the gateway never holds a file of 100,000 members; it may be larger than an ordinary request
 * ({@code ssi.http.bulk-paths}). Its own root path, so that it is not matched by the {@code /api/v1} of
 * {@code IngestionResource}.
 *
 * <p>Contract: {@code api/openapi.yaml}, operation {@code importDirectory}.
 */
@Path("/api/v1/directory")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "oidc")
public class DirectoryImportResource {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final JsonWebToken token;
    private final Upstream upstream;
    private final DirectoryImportClient imports;

    public DirectoryImportResource(JsonWebToken token, Upstream upstream, @RestClient DirectoryImportClient imports) {
        this.token = token;
        this.upstream = upstream;
        this.imports = imports;
    }

    @POST
    @Path("/import")
    @RolesAllowed({"admin", "ingest"})
    @Consumes({NDJSON, CSV})
    @Operation(
            operationId = "importDirectory",
            summary = "Imports teams and members in bulk: NDJSON lines of teams and members, or CSV of members",
            description = "NDJSON: one object per line, {\"kind\": \"team\", \"teamId\", ...the body of PUT /teams} or"
                    + " {\"kind\": \"member\", \"memberId\", ...the body of PUT /members}; teams before the members"
                    + " that name them. CSV: a header line naming the columns memberId, login, displayName, industry,"
                    + " seniority, teamId, photo, coverPhoto, headline, summary, experience, education, skills."
                    + " Valid lines are imported and bad ones reported by line number: {\"imported\", \"failed\","
                    + " \"errors\": [{\"line\", \"detail\", \"errors\"}]}. Importing the same file again is harmless."
                    + " A member's industry must be in the catalogue (GET /admin/industries), unless the caller is an"
                    + " admin, whose new industries are added.")
    @RequestBody(
            content = {
                @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))
            })
    public Uni<Response> importDirectory(
            @Context HttpServerRequest request, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return upstream.forwardStream(
                Service.ACTIVITY,
                token.getRawToken(),
                io.vertx.mutiny.core.http.HttpServerRequest.newInstance(request),
                (body, call) -> imports.importDirectory(contentType, body, call));
    }
}
