package org.ssi.gateway.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;
import org.ssi.gateway.upstream.ServiceAnswers;

/**
 * activity-service's bulk import of the directory ({@code ssi.services.activity}), a client of its own for its longer
 * read timeout ({@code quarkus.rest-client.activity-import.*}). The body is piped from the caller as it arrives, with
 * back-pressure, so that the gateway never holds a whole file; its content type goes as the caller sent it (NDJSON or
 * CSV, with its charset).
 */
@RegisterRestClient(configKey = "activity-import")
@RegisterProvider(ServiceAnswers.class)
@Produces(MediaType.APPLICATION_JSON)
public interface DirectoryImportClient {

    @POST
    @Path("/api/v1/directory/import")
    Uni<RestResponse<byte[]>> importDirectory(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, Multi<Buffer> body, @BeanParam ServiceCall call);
}
