package org.ssi.activity.member.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.audit.service.DirectoryAudit;
import org.ssi.activity.feed.repository.ChangeFeedRepository;
import org.ssi.activity.industry.service.IndustryCatalogue;
import org.ssi.activity.ingestion.service.Seniority;
import org.ssi.activity.member.repository.MemberRepository;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * Creates and replaces members; every change goes on the change feed in the same transaction. A member names a
 * catalogued industry: an admin's new code enters the catalogue in the same transaction, anyone else's is refused
 * (see {@link IndustryCatalogue}). Every write is audited once committed.
 */
@ApplicationScoped
public class MemberService {

    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern INDUSTRY = IndustryCatalogue.CODE;
    static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    private static final Pattern DISPLAY_NAME = Pattern.compile("(?s).{1,200}");
    private static final Pattern SENIORITY = Pattern.compile("[A-Z]+");
    private static final Set<String> FIELDS =
            Set.of("memberId", "login", "displayName", "industry", "seniority", "teamId", "profile");
    private static final List<String> PROFILE_FIELDS =
            List.of("photo", "coverPhoto", "headline", "summary", "experience", "education", "skills");
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * The stored member, whether this request created it, and whether it added the member's industry to the
     * catalogue.
     */
    public record Saved(Member member, boolean created, boolean industryAdded) {}

    private final Pool pool;
    private final MemberRepository members;
    private final ChangeFeedRepository feed;
    private final IndustryCatalogue industries;
    private final DirectoryAudit audit;

    public MemberService(
            Pool pool,
            MemberRepository members,
            ChangeFeedRepository feed,
            IndustryCatalogue industries,
            DirectoryAudit audit) {
        this.pool = pool;
        this.members = members;
        this.feed = feed;
        this.industries = industries;
        this.audit = audit;
    }

    public Uni<Saved> put(String memberId, JsonNode body, Caller caller) {
        Member member = parse(memberId, body);
        return pool.withTransaction(connection -> save(connection, member, caller))
                .onFailure(MemberService::isLoginTaken)
                .transform(e -> new ProblemException(
                        ProblemType.CONFLICT, "Another member already has the login " + member.login()))
                .invoke(saved -> audited(saved, caller));
    }

    private void audited(Saved saved, Caller caller) {
        Member member = saved.member();
        if (saved.industryAdded()) {
            audit.industryAdded(caller, member.industry(), "writing member " + member.memberId());
        }
        audit.memberWritten(caller, member.memberId(), member.industry(), saved.created());
    }

    public Uni<Member> find(String memberId) {
        return members.findById(memberId).onItem().ifNull().failWith(() -> notFound(memberId));
    }

    public Uni<Member> findByLogin(String login) {
        return members.findByLogin(login)
                .onItem()
                .ifNull()
                .failWith(() -> new ProblemException(ProblemType.NOT_FOUND, "No member has this login"));
    }

    public static ProblemException notFound(String memberId) {
        return new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
    }

    private Uni<Saved> save(SqlConnection connection, Member member, Caller caller) {
        Uni<Boolean> teamKnown =
                member.teamId() == null ? Uni.createFrom().item(true) : members.teamExists(connection, member.teamId());
        return teamKnown
                .invoke(known -> requireTeam(known, member.teamId()))
                .chain(() -> industries.refused(connection, caller, List.of(member.industry())))
                .invoke(refused -> requireIndustry(refused, member, caller))
                .chain(() -> industries.addNew(connection, caller, List.of(member.industry())))
                .chain(added -> upsert(connection, member, !added.isEmpty()));
    }

    private Uni<Saved> upsert(SqlConnection connection, Member member, boolean industryAdded) {
        return members.upsert(connection, member)
                .call(() -> feed.append(connection, List.of(member.memberId()), "directory"))
                .map(created -> new Saved(member, created, industryAdded));
    }

    /** A refusal changes nothing, but an attempt to shape a group is worth an audit line. */
    private void requireIndustry(Set<String> refused, Member member, Caller caller) {
        if (refused.contains(member.industry())) {
            audit.industryRefused(caller, member.industry(), member.memberId());
            FieldError why = IndustryCatalogue.notCatalogued(member.industry());
            throw new ProblemException(Problem.invalid(why.detail() + "; nothing was stored", List.of(why)));
        }
    }

    private static void requireTeam(boolean known, String teamId) {
        if (!known) {
            throw new ProblemException(Problem.invalid(
                    "The member names an unknown team", List.of(new FieldError("/teamId", "no team " + teamId))));
        }
    }

    private static boolean isLoginTaken(Throwable e) {
        return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    /**
     * Validates a member as {@code PUT /members/{memberId}} takes it; the directory import validates each of its
     * member lines with it too. Throws a 422 problem listing every bad value by JSON pointer.
     */
    public static Member parse(String memberId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(Problem.invalid(
                    "The body must be a JSON object", List.of(new FieldError("", "must be an object"))));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("/" + name, "is not a known field"));
            }
        }
        JsonNode id = body.get("memberId");
        if (id != null && !(id.isTextual() && id.textValue().equals(memberId))) {
            errors.add(new FieldError("/memberId", "must equal the member id of the path"));
        }
        String login = text(body, "login", LOGIN, true, errors);
        String displayName = text(body, "displayName", DISPLAY_NAME, true, errors);
        String industry = text(body, "industry", INDUSTRY, true, errors);
        String seniority = text(body, "seniority", SENIORITY, false, errors);
        if (seniority != null && Seniority.parse(seniority) == null) {
            errors.add(new FieldError("/seniority", "must be one of ENTRY, SENIOR, MANAGER, DIRECTOR, VP, CXO"));
        }
        String teamId = text(body, "teamId", ID, false, errors);
        Member.Profile profile = profile(body.get("profile"), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The member is not valid; nothing was stored", errors));
        }
        return new Member(memberId, login, displayName.strip(), industry, seniority, teamId, profile);
    }

    private static String text(
            JsonNode body, String field, Pattern pattern, boolean required, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError("/" + field, "is required"));
            }
            return null;
        }
        if (!node.isTextual()
                || !pattern.matcher(node.textValue()).matches()
                || node.textValue().isBlank()
                || !StorableText.isStorable(node.textValue())) {
            errors.add(new FieldError("/" + field, "must be a string matching " + pattern.pattern()));
            return null;
        }
        return node.textValue();
    }

    private static Member.Profile profile(JsonNode node, List<FieldError> errors) {
        boolean[] present = new boolean[PROFILE_FIELDS.size()];
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                errors.add(new FieldError("/profile", "must be an object of booleans"));
            } else {
                node.fieldNames().forEachRemaining(name -> {
                    if (!PROFILE_FIELDS.contains(name)) {
                        errors.add(new FieldError("/profile/" + name, "is not a known profile field"));
                    }
                });
                for (int i = 0; i < present.length; i++) {
                    JsonNode value = node.get(PROFILE_FIELDS.get(i));
                    if (value != null && !value.isBoolean()) {
                        errors.add(new FieldError("/profile/" + PROFILE_FIELDS.get(i), "must be a boolean"));
                    }
                    present[i] = value != null && value.booleanValue();
                }
            }
        }
        return new Member.Profile(present[0], present[1], present[2], present[3], present[4], present[5], present[6]);
    }
}
