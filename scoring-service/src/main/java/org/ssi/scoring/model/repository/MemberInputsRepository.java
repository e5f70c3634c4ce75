package org.ssi.scoring.model.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ssi.scoring.model.MemberInputs;

/**
 * Each member's latest inputs, kept with the score they gave, so a new model version can rescore everyone without
 * asking activity-service again. Runs in the caller's transaction.
 */
@ApplicationScoped
public class MemberInputsRepository {

    private record KeptInputs(@JsonProperty("member_id") String memberId, String day, MemberInputs inputs) {}

    /** Each member's row, in member order, unless a later day is kept already; the rows come as one JSON parameter. */
    private static final String KEEP = """
            insert into scoring.member_inputs (member_id, day, inputs)
             select r.member_id, r.day, r.inputs
             from jsonb_to_recordset(cast(cast($1 as text) as jsonb)) as r(member_id varchar, day date, inputs jsonb)
             order by r.member_id
             on conflict (member_id) do update set day = excluded.day, inputs = excluded.inputs
             where scoring.member_inputs.day <= excluded.day
            """;

    private static final String LOCK = """
            select member_id, inputs::text from scoring.member_inputs
             where member_id in (select jsonb_array_elements_text(cast(cast($1 as text) as jsonb)))
             order by member_id for update
            """;

    private final ObjectMapper json;

    public MemberInputsRepository(ObjectMapper json) {
        this.json = json;
    }

    /** Keeps the inputs of each member unless newer ones (a later day) are kept already; one statement. */
    public Uni<Void> keep(SqlConnection connection, List<MemberInputs> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, MemberInputs> latest = new LinkedHashMap<>();
        for (MemberInputs in : inputs) {
            latest.merge(in.memberId(), in, (a, b) -> b.day().isBefore(a.day()) ? a : b);
        }
        List<KeptInputs> rows = new ArrayList<>();
        latest.values().stream()
                .sorted(Comparator.comparing(MemberInputs::memberId))
                .forEach(in -> rows.add(new KeptInputs(in.memberId(), in.day().toString(), in)));
        return connection.preparedQuery(KEEP).execute(Tuple.of(write(rows))).replaceWithVoid();
    }

    /**
     * The kept inputs of the members, each row locked until the transaction ends, so nobody records newer inputs
     * for them meanwhile. Members without kept inputs are absent from the answer.
     */
    public Uni<Map<String, MemberInputs>> lock(SqlConnection connection, List<String> memberIds) {
        return connection
                .preparedQuery(LOCK)
                .execute(Tuple.of(write(memberIds)))
                .map(this::read);
    }

    private Map<String, MemberInputs> read(RowSet<Row> rows) {
        Map<String, MemberInputs> kept = new LinkedHashMap<>();
        for (Row row : rows) {
            try {
                kept.put(row.getString(0), json.readValue(row.getString(1), MemberInputs.class));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kept;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
