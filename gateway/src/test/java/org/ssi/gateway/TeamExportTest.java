package org.ssi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.gateway.team.rest.TeamDay;
import org.ssi.gateway.team.rest.TeamResource;

class TeamExportTest {

    @Test
    void writes_one_row_per_day_and_leaves_withheld_days_empty() throws Exception {
        ObjectMapper json = new ObjectMapper();
        TeamDay shown = json.readValue("""
                {"day": "2026-05-01", "size": 12, "average": 41.5, "median": 40.25,
                 "pillars": {"brand": 10.1, "find": 11.2, "engage": 8.3, "relationships": 11.9}}""", TeamDay.class);
        TeamDay withheld =
                json.readValue("{\"day\": \"2026-05-02\", \"withheld\": \"group-too-small\"}", TeamDay.class);

        String csv = TeamResource.csv(List.of(shown, withheld));

        assertEquals("""
                day,size,average,median,brand,find,engage,relationships
                2026-05-01,12,41.5,40.25,10.1,11.2,8.3,11.9
                2026-05-02,,,,,,,
                """, csv);
    }
}
