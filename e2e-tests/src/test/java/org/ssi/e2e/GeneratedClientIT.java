package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssi.client.ApiClient;
import org.ssi.client.ApiException;
import org.ssi.client.ApiResponse;
import org.ssi.client.api.AdministrationApi;
import org.ssi.client.api.DirectoryApi;
import org.ssi.client.api.IndustriesApi;
import org.ssi.client.api.IngestionApi;
import org.ssi.client.api.MembersApi;
import org.ssi.client.api.ScoresApi;
import org.ssi.client.api.TeamsApi;
import org.ssi.client.model.ActivityBatch;
import org.ssi.client.model.ActivityEvent;
import org.ssi.client.model.EventType;
import org.ssi.client.model.IndustryWrite;
import org.ssi.client.model.IngestionResult;
import org.ssi.client.model.Member;
import org.ssi.client.model.MemberSsi;
import org.ssi.client.model.MemberWrite;
import org.ssi.client.model.Pillars;
import org.ssi.client.model.Problem;
import org.ssi.client.model.Profile;
import org.ssi.client.model.ReleaseSummary;
import org.ssi.client.model.ScoreBand;
import org.ssi.client.model.TeamFigures;
import org.ssi.client.model.TeamSummary;
import org.ssi.devstack.DemoData;
import org.ssi.devstack.Http;
import org.ssi.devstack.Stack;

/**
 * The suite as a portal developer meets it through the Java client generated from {@code api/openapi.yaml}
 * (module {@code api-client}): every call below goes through the generated API classes and every answer is read into
 * the generated models, so an answer the contract does not describe fails here.
 */
@Order(2)
class GeneratedClientIT {

    /** How far a released count may be from the exact one: Laplace(2) noise beyond 15 has odds of 1 in 1,800. */
    private static final double NOISY_COUNT = 15;

    /** The demo organisation's team of maria (design/api.md, "The demo realm"): 24 members. */
    private static final String MARIAS_TEAM = "emea-enterprise";

    private static final int MARIAS_TEAM_SIZE = 24;

    /** mike's team of six: too small to show any figure. */
    private static final String MIKES_TEAM = "startup-desk";

    private static final Duration FLOW_LIMIT = Duration.ofSeconds(60);

    private static final BigDecimal MAXIMUM_SCORE = BigDecimal.valueOf(100);

    private static Stack stack;

    /** The latest release of group figures, published before the tests. */
    private static ReleaseSummary release;

    @BeforeAll
    static void startTheSuiteWithTheDemoOrganisation() throws Exception {
        stack = SharedStack.get();
        // Idempotent: after SuiteEndToEndIT it finds everything loaded; alone, it loads the organisation.
        new DemoData(stack.config().gatewayUrl(), ingestToken(), token("root")).load(LocalDate.now(ZoneOffset.UTC));
        TeamsApi adminTeams = new TeamsApi(client(token("root")));
        await(() -> adminTeams.getTeamSsi(MARIAS_TEAM), team -> team.getSize() == MARIAS_TEAM_SIZE);
        // Managers and reps read released figures, of members who were in the previous release too: two releases.
        AdministrationApi administration = new AdministrationApi(client(token("root")));
        administration.publishRelease();
        release = administration.publishRelease();
    }

    private static String token(String login) {
        return Http.passwordToken(stack.config().realmUrl(), login, login);
    }

    private static String ingestToken() {
        return Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest());
    }

    /** The generated client against the suite's gateway, sending the token as a bearer token. */
    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(stack.config().gatewayUrl());
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void ingests_a_new_member_and_her_activity_through_the_typed_api_and_scores_her() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String industry = "gen-" + suffix;
        String memberId = "gen-rep-" + suffix;
        new IndustriesApi(client(token("root"))).putIndustry(industry, new IndustryWrite().name("Generated " + suffix));
        ApiClient ingest = client(ingestToken());

        ApiResponse<Member> created = new DirectoryApi(ingest)
                .putMemberWithHttpInfo(
                        memberId,
                        new MemberWrite()
                                .login(memberId)
                                .displayName("Generated Rep")
                                .industry(industry)
                                .seniority(MemberWrite.SeniorityEnum.SENIOR)
                                .profile(new Profile().photo(true).headline(true)));
        assertEquals(201, created.getStatusCode());
        assertEquals(memberId, created.getData().getMemberId());
        assertEquals(industry, created.getData().getIndustry());
        assertEquals(Member.SeniorityEnum.SENIOR, created.getData().getSeniority());

        ActivityBatch batch = new ActivityBatch()
                .addEventsItem(event(memberId, EventType.ENDORSEMENT_RECEIVED, 5))
                .addEventsItem(event(memberId, EventType.LEAD_SAVED, 2));
        IngestionApi ingestion = new IngestionApi(ingest);
        IngestionResult first = ingestion.ingestActivities(batch);
        assertEquals(2, first.getAccepted());
        assertEquals(0, first.getDuplicates());
        IngestionResult again = ingestion.ingestActivities(batch);
        assertEquals(0, again.getAccepted(), "a batch sent twice is stored once");
        assertEquals(2, again.getDuplicates());

        MembersApi members = new MembersApi(client(token("root")));
        MemberSsi scored = await(
                () -> members.getMemberSsi(memberId), ssi -> ssi.getScore().signum() > 0);
        assertEquals(memberId, scored.getMemberId());
        assertEquals(industry, scored.getIndustry().getCode());
        assertScoreIsTheSumOfItsPillars(scored);
    }

    private static ActivityEvent event(String memberId, EventType type, int count) {
        return new ActivityEvent()
                .eventId("gen-" + UUID.randomUUID())
                .memberId(memberId)
                .type(type)
                .occurredAt(OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.SECONDS))
                .count(count);
    }

    @Test
    void reads_alices_own_score_as_a_typed_answer() throws Exception {
        MemberSsi alice = new ScoresApi(client(token("alice"))).getMySsi();
        assertEquals("alice", alice.getMemberId());
        assertNotNull(alice.getDay(), "the day of the score");
        assertFalse(alice.getDay().isAfter(LocalDate.now(ZoneOffset.UTC)), "no score of a future day: " + alice);
        assertTrue(alice.getModelVersion() >= 1, alice.toString());
        assertScoreIsTheSumOfItsPillars(alice);
        assertNotNull(alice.getIndustry().getCode(), "alice's industry is in the release: " + alice);
        assertNotNull(alice.getRelease(), "the release her ranks come from: " + alice);
        assertEquals(release.getReleaseId(), alice.getRelease().getId(), "the latest release");
    }

    private static void assertScoreIsTheSumOfItsPillars(MemberSsi ssi) {
        BigDecimal score = ssi.getScore();
        assertTrue(score.signum() >= 0 && score.compareTo(MAXIMUM_SCORE) <= 0, "score within 0..100: " + ssi);
        Pillars pillars = ssi.getPillars();
        BigDecimal sum = pillars.getBrand()
                .add(pillars.getFind())
                .add(pillars.getEngage())
                .add(pillars.getRelationships());
        assertEquals(0, score.compareTo(sum), "the score is the exact sum of its four pillars: " + ssi);
    }

    @Test
    void shows_maria_the_released_figures_of_her_team() throws Exception {
        TeamsApi maria = new TeamsApi(client(token("maria")));
        List<String> teams =
                maria.listMyTeams().stream().map(TeamSummary::getTeamId).toList();
        assertTrue(teams.contains(MARIAS_TEAM), "maria manages " + MARIAS_TEAM + ": " + teams);
        assertFalse(teams.contains(MIKES_TEAM), "but not mike's team: " + teams);

        TeamFigures team = maria.getTeamSsi(MARIAS_TEAM);
        assertEquals(MARIAS_TEAM, team.getTeamId());
        assertEquals(release.getReleaseId(), team.getReleaseId(), "the figures of the latest release");
        assertNotNull(team.getDay(), team.toString());
        assertEquals(MARIAS_TEAM_SIZE, team.getSize(), NOISY_COUNT, team.toString());
        assertWithinScores(team.getAverage(), team);
        assertWithinScores(team.getMedian(), team);
        List<ScoreBand> distribution = team.getDistribution();
        assertEquals(10, distribution.size(), "ten bands of ten points: " + team);
        assertEquals(0, distribution.get(0).getFrom());
        assertEquals(100, distribution.get(9).getTo());
        assertEquals(team, maria.getTeamSsi(MARIAS_TEAM), "a release is stable");
    }

    private static void assertWithinScores(BigDecimal value, TeamFigures team) {
        assertNotNull(value, team.toString());
        assertTrue(value.signum() >= 0 && value.compareTo(MAXIMUM_SCORE) <= 0, team.toString());
    }

    @Test
    void refuses_mike_the_figures_of_his_team_of_six_with_a_typed_problem() throws Exception {
        ApiClient mike = client(token("mike"));
        ApiException refused = assertThrows(ApiException.class, () -> new TeamsApi(mike).getTeamSsi(MIKES_TEAM));
        assertEquals(403, refused.getCode(), refused.getResponseBody());
        assertTrue(
                refused.getResponseHeaders()
                        .firstValue("Content-Type")
                        .orElse("")
                        .startsWith("application/problem+json"),
                refused.getResponseHeaders().map().toString());
        Problem problem = mike.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertEquals(URI.create("urn:ssi:problem:group-too-small"), problem.getType());
        assertEquals(403, problem.getStatus());
        assertEquals(10, problem.getMinimumSize());
        assertNotNull(problem.getTitle());
        for (String figure : List.of("\"average\"", "\"median\"", "\"distribution\"", "\"size\"")) {
            assertFalse(refused.getResponseBody().contains(figure), "no figure of the team: " + figure);
        }
    }

    /** A call of the generated client repeated until its answer meets the condition. */
    @FunctionalInterface
    private interface Call<T> {
        T answer() throws ApiException;
    }

    private static <T> T await(Call<T> call, Predicate<T> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(FLOW_LIMIT);
        Object last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                T answer = call.answer();
                if (condition.test(answer)) {
                    return answer;
                }
                last = answer;
            } catch (ApiException e) {
                last = e.getCode() + " " + e.getResponseBody();
            }
            Thread.sleep(300);
        }
        fail("the answer never met the condition; the last was " + last);
        return null;
    }
}
