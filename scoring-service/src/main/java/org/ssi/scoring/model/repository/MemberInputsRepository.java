package org.ssi.scoring.model.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
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
 * asking activity-service again. Runs in the caller's Hibernate transaction.
 */
@ApplicationScoped
public class MemberInputsRepository {

    private record Row(@JsonProperty("member_id") String memberId, String day, MemberInputs inputs) {}

    private final ObjectMapper json;

    public MemberInputsRepository(ObjectMapper json) {
        this.json = json;
    }

    /** Keeps the inputs of each member unless newer ones (a later day) are kept already; one statement. */
    public Uni<Void> keep(List<MemberInputs> inputs) {
        if (inputs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, MemberInputs> latest = new LinkedHashMap<>();
        for (MemberInputs in : inputs) {
            latest.merge(in.memberId(), in, (a, b) -> b.day().isBefore(a.day()) ? a : b);
        }
        List<Row> rows = new ArrayList<>();
        latest.values().stream()
                .sorted(Comparator.comparing(MemberInputs::memberId))
                .forEach(in -> rows.add(new Row(in.memberId(), in.day().toString(), in)));
        String sql = "insert into scoring.member_inputs (member_id, day, inputs)"
                + " select r.member_id, r.day, r.inputs"
                + " from jsonb_to_recordset(cast(cast(?1 as text) as jsonb)) as r(member_id varchar, day date, inputs jsonb)"
                + " order by r.member_id"
                + " on conflict (member_id) do update set day = excluded.day, inputs = excluded.inputs"
                + " where scoring.member_inputs.day <= excluded.day";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql)
                        .setParameter(1, write(rows))
                        .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The kept inputs of the members, each row locked until the transaction ends, so nobody records newer inputs
     * for them meanwhile. Members without kept inputs are absent from the answer.
     */
    public Uni<Map<String, MemberInputs>> lock(List<String> memberIds) {
        String sql = "select member_id, inputs::text from scoring.member_inputs"
                + " where member_id in (select jsonb_array_elements_text(cast(cast(?1 as text) as jsonb)))"
                + " order by member_id for update";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, write(memberIds))
                        .getResultList())
                .map(this::read);
    }

    private Map<String, MemberInputs> read(List<Object[]> rows) {
        Map<String, MemberInputs> kept = new LinkedHashMap<>();
        for (Object[] row : rows) {
            try {
                kept.put((String) row[0], json.readValue((String) row[1], MemberInputs.class));
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
