package org.ssi.activity.directory.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.directory.service.CsvMembers;
import org.ssi.activity.directory.service.DirectoryImportService;
import org.ssi.activity.directory.service.ImportReport;
import org.ssi.activity.directory.service.NdjsonLines;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * The bulk import of the directory, for organisations too large for one request per member. The body is streamed:
 * its size is bounded by {@code quarkus.http.limits.max-body-size} (this path is listed in {@code ssi.http.bulk-paths},
 * see {@code org.ssi.problem.BodySizeLimit}), not by the 16 MiB of ordinary requests. What is imported, in which order and in which transactions is described
 * on {@link DirectoryImportService}.
 */
@Path("/api/v1/directory/import")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DirectoryImportResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";
    private static final String NDJSON_EXAMPLE = """
            {"kind": "team", "teamId": "emea", "name": "EMEA", "parentTeamId": null, "managers": ["m-000001"]}
            {"kind": "member", "memberId": "m-000001", "login": "maria", "displayName": "Maria", "industry": "software", "seniority": "DIRECTOR", "teamId": "emea", "profile": {"photo": true, "headline": true}}
            """;
    private static final String CSV_EXAMPLE = """
            memberId,login,displayName,industry,seniority,teamId,photo,headline
            m-000002,alice,"Alice, EMEA",software,SENIOR,emea,true,false
            """;

    private final DirectoryImportService imports;
    private final ObjectMapper json;
    private final SecurityIdentity caller;

    public DirectoryImportResource(DirectoryImportService imports, ObjectMapper json, SecurityIdentity caller) {
        this.imports = imports;
        this.json = json;
        this.caller = caller;
    }

    @POST
    @Blocking
    @RolesAllowed({"admin", "ingest"})
    @Consumes(NDJSON)
    @Operation(
            operationId = "importDirectoryNdjson",
            summary = "Imports teams and members, one JSON object per line",
            description = "Each line is {\"kind\": \"team\", \"teamId\", ...the body of PUT /teams} or"
                    + " {\"kind\": \"member\", \"memberId\", ...the body of PUT /members}. Valid lines are imported,"
                    + " bad ones reported by line number; teams must come before the members that name them. A"
                    + " member's industry must be in the catalogue (GET /admin/industries) unless the caller is an"
                    + " admin, whose new industries are added.")
    @RequestBody(
            content =
                    @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING), example = NDJSON_EXAMPLE))
    public ImportReport importNdjson(InputStream body, @Context HttpHeaders headers) {
        return imports.importLines(new NdjsonLines(reader(body, headers), json), Caller.of(caller));
    }

    @POST
    @Blocking
    @RolesAllowed({"admin", "ingest"})
    @Consumes(CSV)
    @Operation(
            operationId = "importDirectoryCsv",
            summary = "Imports members from CSV with a header line naming the columns",
            description = "Columns memberId, login, displayName, industry (required), seniority, teamId, and the"
                    + " profile fields photo, coverPhoto, headline, summary, experience, education, skills (true or"
                    + " false). Valid rows are imported, bad ones reported by line number.")
    @RequestBody(content = @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING), example = CSV_EXAMPLE))
    public ImportReport importCsv(InputStream body, @Context HttpHeaders headers) throws IOException {
        return imports.importLines(CsvMembers.open(reader(body, headers)), Caller.of(caller));
    }

    /** The body as text in the charset of its Content-Type (UTF-8 by default); bytes not in it stop the import. */
    private Reader reader(InputStream body, HttpHeaders headers) {
        Charset charset = charset(headers.getMediaType());
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new InputStreamReader(body, decoder);
    }

    private static Charset charset(MediaType type) {
        String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The charset " + name + " is not supported");
        }
    }
}
