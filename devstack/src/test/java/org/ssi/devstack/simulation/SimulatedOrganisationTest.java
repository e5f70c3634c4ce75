package org.ssi.devstack.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The generator alone: no stack, only what it would post. */
class SimulatedOrganisationTest {

    static final LocalDate END = LocalDate.of(2026, 11, 26);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    @Test
    void the_same_seed_gives_the_same_members_connections_and_events() {
        SimulatedOrganisation first = SimulatedOrganisation.generate(2_000, 7);
        SimulatedOrganisation again = SimulatedOrganisation.generate(2_000, 7);
        assertEquals(first.teams(), again.teams());
        assertArrayEquals(first.connections(), again.connections());
        for (int i = 0; i < 2_000; i++) {
            SimulatedOrganisation.Member a = first.members().get(i);
            SimulatedOrganisation.Member b = again.members().get(i);
            assertEquals(
                    List.of(a.id(), a.displayName(), a.industry(), a.seniority(), a.teamId(), a.connections()),
                    List.of(b.id(), b.displayName(), b.industry(), b.seniority(), b.teamId(), b.connections()));
            assertEquals(a.traits().habits(), b.traits().habits());
            assertArrayEquals(a.traits().profile(), b.traits().profile());
        }
        for (int i : new int[] {0, 1, 17, 999, 1_999}) {
            assertEquals(SimulatedActivity.of(first, i, END, 120), SimulatedActivity.of(again, i, END, 120));
        }
    }

    @Test
    void another_seed_gives_another_organisation_with_the_same_ids() {
        SimulatedOrganisation one = SimulatedOrganisation.generate(1_000, 1);
        SimulatedOrganisation two = SimulatedOrganisation.generate(1_000, 2);
        assertEquals(one.members().get(10).id(), two.members().get(10).id());
        assertFalse(Arrays.equals(one.connections(), two.connections()));
        assertNotEquals(
                SimulatedActivity.of(one, 10, END, 30).get(0).eventId(),
                SimulatedActivity.of(two, 10, END, 30).get(0).eventId(),
                "event ids name the seed, so two simulations never collide");
    }

    @Test
    void industries_have_skewed_sizes_largest_first() {
        SimulatedOrganisation organisation = SimulatedOrganisation.generate(10_000, 1);
        Map<String, Integer> sizes = new HashMap<>();
        organisation.members().forEach(m -> sizes.merge(m.industry(), 1, Integer::sum));
        assertEquals(12, sizes.size());
        int largest = sizes.get("software");
        int smallest = sizes.get("public-sector");
        assertTrue(largest >= 10 * smallest, sizes.toString());
        assertTrue(largest > sizes.get("financial-services"), sizes.toString());
        assertEquals(10_000, sizes.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void every_team_has_a_parent_listed_before_it_and_a_manager_inside_it() {
        SimulatedOrganisation organisation = SimulatedOrganisation.generate(5_000, 3);
        Set<String> seen = new HashSet<>();
        Map<String, SimulatedOrganisation.Team> teams = new HashMap<>();
        for (SimulatedOrganisation.Team team : organisation.teams()) {
            assertTrue(ID.matcher(team.id()).matches(), team.id());
            assertTrue(team.parentId() == null || seen.contains(team.parentId()), team.toString());
            seen.add(team.id());
            teams.put(team.id(), team);
        }
        for (SimulatedOrganisation.Team team : organisation.teams()) {
            int manager = Integer.parseInt(team.managerId().substring(4));
            assertEquals(team.id(), organisation.members().get(manager).teamId(), team.toString());
        }
        Map<String, Integer> seniorities = new HashMap<>();
        organisation.members().forEach(m -> seniorities.merge(m.seniority(), 1, Integer::sum));
        assertEquals(12, seniorities.get("VP"), "one VP per industry");
        assertTrue(seniorities.get("DIRECTOR") < seniorities.get("MANAGER"), seniorities.toString());
        assertTrue(seniorities.get("MANAGER") < seniorities.get("ENTRY"), seniorities.toString());
        assertTrue(seniorities.get("ENTRY") < seniorities.get("SENIOR"), seniorities.toString());
        long leafTeams =
                organisation.teams().stream().filter(t -> t.id().contains("-t")).count();
        long members = organisation.members().stream()
                .filter(m -> m.teamId().contains("-t"))
                .count();
        double meanSize = (double) members / leafTeams;
        assertTrue(meanSize > 8 && meanSize < 14, "teams of 6 to 16, mean " + meanSize);
    }

    @Test
    void connections_are_heavy_tailed_and_mostly_within_the_industry() {
        SimulatedOrganisation organisation = SimulatedOrganisation.generate(10_000, 5);
        int[] degrees = organisation.members().stream()
                .mapToInt(SimulatedOrganisation.Member::connections)
                .sorted()
                .toArray();
        double mean = Arrays.stream(degrees).average().orElseThrow();
        int median = degrees[degrees.length / 2];
        int top = degrees[degrees.length - 1];
        int p99 = degrees[degrees.length * 99 / 100];
        assertTrue(mean > 5 && mean < 30, "mean degree " + mean);
        assertTrue(top > 10 * median, "max " + top + " against median " + median);
        assertTrue(p99 > 4 * median, "99th percentile " + p99 + " against median " + median);
        long within = 0;
        for (long pair : organisation.connections()) {
            int a = (int) (pair >>> 32);
            int b = (int) pair;
            assertTrue(a < b, "pairs are stored lower first, once");
            if (organisation
                    .members()
                    .get(a)
                    .industry()
                    .equals(organisation.members().get(b).industry())) {
                within++;
            }
        }
        double share = (double) within / organisation.connections().length;
        assertTrue(share > 0.75 && share < 0.95, "within the industry: " + share);
    }

    @Test
    void personas_come_in_their_stated_shares() {
        SimulatedOrganisation organisation = SimulatedOrganisation.generate(20_000, 11);
        Map<String, Integer> counts = new HashMap<>();
        organisation.members().forEach(m -> counts.merge(m.traits().persona().name(), 1, Integer::sum));
        for (Persona persona : Persona.ALL) {
            double share = counts.get(persona.name()) / 20_000.0;
            assertEquals(persona.share(), share, 0.015, persona.name());
        }
    }

    @Test
    void every_event_is_valid_for_the_api_and_ids_are_unique() {
        SimulatedOrganisation organisation = SimulatedOrganisation.generate(500, 9);
        Set<String> ids = new HashSet<>();
        LocalDate networkDay = SimulatedActivity.networkDay(END, 120);
        for (int i = 0; i < 500; i++) {
            for (SimulatedActivity.Event event : SimulatedActivity.of(organisation, i, END, 120)) {
                assertTrue(ids.add(event.eventId()), "repeated id " + event.eventId());
                assertTrue(EVENT_ID.matcher(event.eventId()).matches(), event.eventId());
                assertTrue(event.count() >= 1 && event.count() <= 10_000, event.toString());
                assertFalse(event.day().isBefore(networkDay), event.toString());
                assertTrue(event.day().isBefore(END), event.toString());
                assertTrue(END.toEpochDay() - event.day().toEpochDay() <= 400, "not older than 400 days");
                if (event.connectedMemberId() != null) {
                    int other = Integer.parseInt(event.connectedMemberId().substring(4));
                    assertTrue(other > i && other < 500, event.toString());
                }
            }
        }
    }

    /**
     * Over the 90 days before the end, each persona does about what its levels say: the levels times the mean of the
     * personal intensity and noise (log-normal, e^(0.5²/2) · e^(0.3²/2) ≈ 1.19) times the share who adopt it.
     */
    @Test
    void a_persona_does_in_90_days_what_its_levels_say() {
        SimulatedOrganisation organisation = SimulatedOrganisation.generate(6_000, 13);
        LocalDate windowStart = END.minusDays(90);
        Map<String, double[]> searches = new HashMap<>();
        Map<String, double[]> activeDays = new HashMap<>();
        for (int i = 0; i < 6_000; i++) {
            Persona persona = organisation.persona(i);
            long total = 0;
            Set<LocalDate> days = new HashSet<>();
            for (SimulatedActivity.Event event : SimulatedActivity.of(organisation, i, END, 120)) {
                if (!event.day().isBefore(windowStart)) {
                    days.add(event.day());
                    if (event.type().equals("PEOPLE_SEARCH")) {
                        total += event.count();
                    }
                }
            }
            searches.computeIfAbsent(persona.name(), p -> new double[2])[0] += total;
            searches.get(persona.name())[1]++;
            activeDays.computeIfAbsent(persona.name(), p -> new double[2])[0] += days.size();
            activeDays.get(persona.name())[1]++;
        }
        double mean = Math.exp(0.5 * 0.5 / 2) * Math.exp(0.3 * 0.3 / 2);
        for (Persona persona : List.of(Persona.CASUAL, Persona.STEADY, Persona.POWER_USER)) {
            Persona.Level level = persona.actions().get(0);
            assertEquals("PEOPLE_SEARCH", level.type());
            double expected = level.mean() * level.adoption() * mean;
            double[] measured = searches.get(persona.name());
            assertEquals(expected, measured[0] / measured[1], expected * 0.15, persona.name());
            double[] days = activeDays.get(persona.name());
            double perRep = days[0] / days[1];
            assertTrue(
                    perRep > persona.activeDays() * 0.8 && perRep < Math.min(90, persona.activeDays() * 1.3),
                    persona.name() + " active on " + perRep + " days");
        }
    }
}
