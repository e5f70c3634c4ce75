package org.ssi.scoring.outcome.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.outcome.repository.OutcomeRepository;

/**
 * Stores a batch of CRM outcomes atomically: every outcome or none. An outcome id already stored with the same content
 * is a duplicate and changes nothing; with other content the whole batch is a conflict.
 *
 * <p>This service does not own the directory. A member is known here when it has a score history: every directory
 * member is scored daily, so a member without one is unknown (or not scored yet) and its outcome could never enter
 * the insights; such a batch is a 422 naming each outcome.
 */
@ApplicationScoped
public class OutcomeIngestionService {

    /** What a batch did: outcomes newly stored, and outcomes that were already stored with the same content. */
    public record IngestionResult(int accepted, int duplicates) {}

    private final Pool pool;
    private final OutcomeRepository outcomes;

    public OutcomeIngestionService(Pool pool, OutcomeRepository outcomes) {
        this.pool = pool;
        this.outcomes = outcomes;
    }

    /** Stores a batch of checked outcomes, in batch order. */
    public Uni<IngestionResult> ingest(List<Outcome> batch) {
        List<Outcome> distinct = withoutRepeats(batch);
        return pool.withTransaction(connection -> store(connection, batch, distinct))
                .map(stored -> new IngestionResult(stored, batch.size() - stored));
    }

    /**
     * Keeps the first of identical repeats within the batch, in outcome id order so that concurrent batches lock
     * rows in the same order; a repeat with other content is a conflict.
     */
    private static List<Outcome> withoutRepeats(List<Outcome> batch) {
        Map<String, Outcome> byId = new HashMap<>();
        List<Outcome> distinct = new ArrayList<>();
        for (Outcome outcome : batch) {
            Outcome first = byId.putIfAbsent(outcome.outcomeId(), outcome);
            if (first == null) {
                distinct.add(outcome);
            } else if (!first.equals(outcome)) {
                throw conflict(Set.of(outcome.outcomeId()));
            }
        }
        distinct.sort(Comparator.comparing(Outcome::outcomeId));
        return distinct;
    }

    private Uni<Integer> store(SqlConnection connection, List<Outcome> batch, List<Outcome> distinct) {
        Set<String> members = new TreeSet<>();
        batch.forEach(outcome -> members.add(outcome.memberId()));
        return outcomes.scoredMembers(connection, members)
                .invoke(scored -> rejectUnknown(batch, scored))
                .chain(() -> outcomes.insertNew(connection, distinct))
                .chain(inserted -> checkRepeated(connection, distinct, inserted));
    }

    private static void rejectUnknown(List<Outcome> batch, Set<String> scored) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!scored.contains(batch.get(i).memberId())) {
                errors.add(new FieldError("/outcomes/" + i + "/memberId", "is not a scored member"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Problem.invalid("Some outcomes name members without a score history; none was stored", errors));
        }
    }

    private Uni<Integer> checkRepeated(SqlConnection connection, List<Outcome> distinct, Set<String> inserted) {
        List<Outcome> repeated =
                distinct.stream().filter(o -> !inserted.contains(o.outcomeId())).toList();
        if (repeated.isEmpty()) {
            return Uni.createFrom().item(inserted.size());
        }
        return outcomes.conflicting(connection, repeated)
                .invoke(OutcomeIngestionService::rejectConflicts)
                .replaceWith(inserted.size());
    }

    private static void rejectConflicts(Set<String> conflicting) {
        if (!conflicting.isEmpty()) {
            throw conflict(conflicting);
        }
    }

    private static ProblemException conflict(Set<String> outcomeIds) {
        List<String> ids = List.copyOf(new TreeSet<>(outcomeIds));
        return new ProblemException(Problem.of(
                        ProblemType.CONFLICT,
                        "Outcome ids already used with other content; none of the batch was stored: "
                                + String.join(", ", ids.subList(0, Math.min(20, ids.size()))))
                .with("outcomeIds", ids));
    }
}
