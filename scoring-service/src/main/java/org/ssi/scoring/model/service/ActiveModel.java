package org.ssi.scoring.model.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.ModelEngine;
import org.ssi.scoring.model.ScoringModel;

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

    public ActiveModel(ScoringModel repositoryDefault) {
        engines.put(repositoryDefault.version(), new ModelEngine(repositoryDefault.document()));
    }

    /**
     * The active model, read in the current transaction with a share lock: an activation waits until the
     * transactions that read the previous version have committed, so none of them writes an old score after it.
     */
    public Uni<ModelEngine> forTransaction() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select version from scoring.active_model where id = 1 for share", Integer.class)
                        .getSingleResult())
                .chain(this::engine);
    }

    /** The active model, for a read (explanations). */
    public Uni<ModelEngine> current() {
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select version from scoring.active_model where id = 1", Integer.class)
                        .getSingleResult())
                .chain(this::engine));
    }

    /** A stored version's engine; call within a session. */
    public Uni<ModelEngine> engine(int version) {
        ModelEngine cached = engines.get(version);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select document::text from scoring.scoring_model where version = ?1", String.class)
                        .setParameter(1, version)
                        .getSingleResult())
                .map(document -> engines.computeIfAbsent(version, v -> new ModelEngine(parse(document))));
    }

    static ModelDocument parse(String document) {
        try {
            return DOCUMENTS.readValue(document, ModelDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored model does not read as a model", e);
        }
    }
}
