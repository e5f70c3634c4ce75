package org.ssi.activity.member.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.audit.service.DirectoryAudit;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.feed.repository.ChangeFeedRepository;
import org.ssi.activity.industry.service.IndustryCatalogue;
import org.ssi.activity.ingestion.service.Seniority;
import org.ssi.activity.member.repository.MemberRepository;
import org.ssi.activity.member.rest.MemberRequest;
import org.ssi.activity.member.rest.ProfileRequest;
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

    public static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";
    public static final String LOGIN_PATTERN = "[A-Za-z0-9._@+-]{1,128}";
    public static final String DISPLAY_NAME_PATTERN = "(?s).{1,200}";
    public static final String SENIORITY_PATTERN = "[A-Z]+";
    public static final Pattern ID = Pattern.compile(ID_PATTERN);
    static final Pattern INDUSTRY = IndustryCatalogue.CODE;
    static final Pattern LOGIN = Pattern.compile(LOGIN_PATTERN);
    private static final Pattern DISPLAY_NAME = Pattern.compile(DISPLAY_NAME_PATTERN);
    private static final Pattern SENIORITY = Pattern.compile(SENIORITY_PATTERN);
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

    public Uni<Saved> put(String memberId, Bound<MemberRequest> body, Caller caller) {
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
     * member lines with it too. Throws a 422 problem listing every bad value by JSON pointer: those binding refused,
     * then those the types cannot refuse (patterns, blank or unstorable text, the id of the path).
     */
    public static Member parse(String memberId, Bound<MemberRequest> body) {
        MemberRequest member = body.value();
        if (member == null) {
            throw new ProblemException(Problem.invalid("The body must be a JSON object", body.errors()));
        }
        List<FieldError> errors = new ArrayList<>(body.errors());
        if (member.memberId() != null && !member.memberId().equals(memberId)) {
            errors.add(new FieldError("/memberId", "must equal the member id of the path"));
        }
        String login = text(member.login(), "login", LOGIN, errors);
        String displayName = text(member.displayName(), "displayName", DISPLAY_NAME, errors);
        String industry = text(member.industry(), "industry", INDUSTRY, errors);
        String seniority = text(member.seniority(), "seniority", SENIORITY, errors);
        if (seniority != null && Seniority.parse(seniority) == null) {
            errors.add(new FieldError("/seniority", "must be one of ENTRY, SENIOR, MANAGER, DIRECTOR, VP, CXO"));
        }
        String teamId = text(member.teamId(), "teamId", ID, errors);
        Member.Profile profile = profile(member.profile());
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The member is not valid; nothing was stored", errors));
        }
        return new Member(memberId, login, displayName.strip(), industry, seniority, teamId, profile);
    }

    /** A bound text (null when absent or refused by binding) that must match its pattern and be storable. */
    private static String text(String value, String field, Pattern pattern, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!pattern.matcher(value).matches() || value.isBlank() || !StorableText.isStorable(value)) {
            errors.add(new FieldError("/" + field, "must be a string matching " + pattern.pattern()));
            return null;
        }
        return value;
    }

    private static Member.Profile profile(ProfileRequest profile) {
        if (profile == null) {
            return new Member.Profile(false, false, false, false, false, false, false);
        }
        Function<Boolean, Boolean> filled = Boolean.TRUE::equals;
        return new Member.Profile(
                filled.apply(profile.photo()),
                filled.apply(profile.coverPhoto()),
                filled.apply(profile.headline()),
                filled.apply(profile.summary()),
                filled.apply(profile.experience()),
                filled.apply(profile.education()),
                filled.apply(profile.skills()));
    }
}
