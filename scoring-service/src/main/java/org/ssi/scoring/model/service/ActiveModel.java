package org.ssi.scoring.model.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.ModelEngine;
import org.ssi.scoring.model.ScoringModel;
import org.ssi.scoring.model.repository.ModelVersionRepository;

/**
 * The model every replica scores with: the version marked active in the database, read again in each scoring
 * transaction, so an activation on one replica reaches all of them at their next batch. Versions never change once
 * stored, so their engines are cached for good.
 */
@ApplicationScoped
public class ActiveModel {

    /** Reads stored documents, and writes each with one spelling (map entries sorted) so copies compare equal. */
    static final ObjectMapper DOCUMENTS = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Map<Integer, ModelEngine> engines = new ConcurrentHashMap<>();
    private final Pool pool;
    private final ModelVersionRepository versions;

    public ActiveModel(ScoringModel repositoryDefault, Pool pool, ModelVersionRepository versions) {
        this.pool = pool;
        this.versions = versions;
        engines.put(repositoryDefault.version(), new ModelEngine(repositoryDefault.document()));
    }

    /**
     * The active model, read in the caller's transaction with a share lock: an activation waits until the
     * transactions that read the previous version have committed, so none of them writes an old score after it.
     */
    public Uni<ModelEngine> forTransaction(SqlConnection connection) {
        return versions.activeForShare(connection).chain(version -> engine(connection, version));
    }

    /** The active model, for a read (explanations). */
    public Uni<ModelEngine> current() {
        return pool.withConnection(this::current);
    }

    private Uni<ModelEngine> current(SqlConnection connection) {
        return versions.active(connection).chain(version -> engine(connection, version));
    }

    /** A stored version's engine; its document read on the caller's connection unless cached. */
    public Uni<ModelEngine> engine(SqlConnection connection, int version) {
        ModelEngine cached = engines.get(version);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return versions.document(connection, version).map(document -> cache(version, document));
    }

    private ModelEngine cache(int version, String document) {
        if (document == null) {
            throw new IllegalStateException("No stored model version " + version);
        }
        return engines.computeIfAbsent(version, v -> new ModelEngine(parse(document)));
    }

    static ModelDocument parse(String document) {
        try {
            return DOCUMENTS.readValue(document, ModelDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored model does not read as a model", e);
        }
    }
}
