package org.ssi.scoring.team.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Day-by-day figures of a group of teams from the members' daily scores, each day with the team each member had
 * that day. Days under ten scored members carry only their size: no figure of theirs leaves this class.
 */
@ApplicationScoped
public class TeamHistoryRepository {

    static final int MINIMUM_GROUP_SIZE = 10;
    private static final String BANDS = IntStream.range(0, 10)
            .mapToObj(band -> "count(*) filter (where least(floor(score / 10), 9) = " + band + ") as band" + band)
            .collect(Collectors.joining(", "));

    /** One day of a group's figures; all but {@code size} are null when withheld. */
    public record TeamDay(
            LocalDate day,
            long size,
            String withheld,
            BigDecimal average,
            BigDecimal median,
            Pillars pillars,
            List<Band> distribution,
            Long leaders,
            Long laggards) {}

    /** Average pillars. */
    public record Pillars(BigDecimal brand, BigDecimal find, BigDecimal engage, BigDecimal relationships) {}

    /** Members scoring from {@code from} up to, not including, {@code to} (100 included in the last band). */
    public record Band(int from, int to, long count) {}

    private final Pool pool;

    public TeamHistoryRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<TeamDay>> history(List<String> teamIds, LocalDate from, LocalDate to) {
        String sql = "select day, count(*) as size, avg(score) as average,"
                + " percentile_cont(0.5) within group (order by score) as median, avg(brand) as brand,"
                + " avg(find) as find, avg(engage) as engage, avg(relationships) as relationships,"
                + " count(*) filter (where score >= 70) as leaders, count(*) filter (where score <= 30) as laggards, "
                + BANDS
                + " from scoring.daily_score where team_id = any($1::text[]) and day >= $2 and day <= $3"
                + " group by day order by day";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(teamIds.toArray(String[]::new), from, to))
                .map(rows -> {
                    List<TeamDay> days = new ArrayList<>();
                    rows.forEach(row -> days.add(day(row)));
                    return days;
                });
    }

    private static TeamDay day(Row row) {
        long size = row.getLong("size");
        LocalDate day = row.getLocalDate("day");
        if (size < MINIMUM_GROUP_SIZE) {
            return new TeamDay(day, size, "group-too-small", null, null, null, null, null, null);
        }
        List<Band> bands = new ArrayList<>();
        for (int band = 0; band < 10; band++) {
            bands.add(new Band(band * 10, band * 10 + 10, row.getLong("band" + band)));
        }
        return new TeamDay(
                day,
                size,
                null,
                points(row, "average"),
                points(row, "median"),
                new Pillars(
                        points(row, "brand"), points(row, "find"), points(row, "engage"), points(row, "relationships")),
                bands,
                row.getLong("leaders"),
                row.getLong("laggards"));
    }

    private static BigDecimal points(Row row, String column) {
        return new BigDecimal(row.getValue(column).toString()).setScale(2, RoundingMode.HALF_UP);
    }
}
