package org.ssi.activity.industry.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.audit.service.DirectoryAudit;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.industry.repository.IndustryRepository;
import org.ssi.activity.industry.rest.IndustryRequest;
import org.ssi.activity.member.service.StorableText;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * The industries members may name, managed by admins.
 *
 * <p>Why a catalogue: an industry's figures are shown to everyone in it, so whoever may create an industry may build
 * a group around one person (move them beside nine dummy members and read their score as the average). The
 * write-only ingest client therefore names only catalogued industries. An admin adds an industry explicitly
 * ({@code PUT /admin/industries/{code}}) or by writing a member with a new code, so the directory contract is unchanged
 * for admins; every addition is audited.
 */
@ApplicationScoped
public class IndustryCatalogue {

    public static final String CODE_PATTERN = "[a-z0-9-]{2,64}";
    public static final Pattern CODE = Pattern.compile(CODE_PATTERN);
    public static final int MAX_NAME_LENGTH = 200;
    public static final String NAME_RULE = "must be null or a string of 1 to " + MAX_NAME_LENGTH
            + " characters, without control characters, NUL or unpaired surrogates";

    /** The stored industry, and whether this request created it. */
    public record Saved(Industry industry, boolean created) {}

    private final Pool pool;
    private final IndustryRepository industries;
    private final DirectoryAudit audit;

    public IndustryCatalogue(Pool pool, IndustryRepository industries, DirectoryAudit audit) {
        this.pool = pool;
        this.industries = industries;
        this.audit = audit;
    }

    public Uni<List<Industry>> list() {
        return industries.all(pool);
    }

    /** Adds an industry (201) or replaces its name (200); audited. */
    public Uni<Saved> put(String code, Bound<IndustryRequest> body, Caller caller) {
        String name = parseName(code, body);
        return industries
                .upsert(pool, code, name, caller.name())
                .map(stored -> new Saved(stored.industry(), stored.created()))
                .invoke(saved -> audited(saved, caller));
    }

    private void audited(Saved saved, Caller caller) {
        if (saved.created()) {
            audit.industryAdded(caller, saved.industry().code(), "PUT /admin/industries");
        } else {
            audit.industryReplaced(caller, saved.industry().code());
        }
    }

    /**
     * Within a writer's transaction, before anything is written: the codes among these the caller may not name, that
     * is, for a caller who is no admin, those not in the catalogue; for an admin none.
     */
    public Uni<Set<String>> refused(SqlClient client, Caller caller, Collection<String> codes) {
        if (caller.isAdmin() || codes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Set<String> distinct = new TreeSet<>(codes);
        return industries.catalogued(client, distinct).map(known -> {
            Set<String> refused = new TreeSet<>(distinct);
            refused.removeAll(known);
            return refused;
        });
    }

    /**
     * Within a writer's transaction, once its members are known to be valid: adds the admin's codes that are not
     * catalogued yet, and answers those added (to be audited once the transaction has committed). For a caller who
     * is no admin it adds nothing; {@link #refused} has kept their uncatalogued codes out.
     */
    public Uni<Set<String>> addNew(SqlClient client, Caller caller, Collection<String> codes) {
        if (!caller.isAdmin() || codes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return industries.addMissing(client, new TreeSet<>(codes), caller.name());
    }

    /** Why a member naming this industry is refused to a caller who may not add industries. */
    public static FieldError notCatalogued(String code) {
        return new FieldError("/industry", "industry " + code + " is not in the catalogue; an admin adds it");
    }

    private static String parseName(String code, Bound<IndustryRequest> body) {
        IndustryRequest industry = body.value();
        if (industry == null) {
            throw invalid(body.errors());
        }
        List<FieldError> errors = new ArrayList<>(body.errors());
        if (industry.code() != null && !industry.code().equals(code)) {
            errors.add(new FieldError("/code", "must equal the code of the path"));
        }
        String name = industry.name();
        if (name != null && !isName(name)) {
            errors.add(new FieldError("/name", NAME_RULE));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return name == null ? null : name.strip();
    }

    private static boolean isName(String text) {
        return !text.isBlank()
                && text.length() <= MAX_NAME_LENGTH
                && StorableText.isStorable(text)
                && text.codePoints().noneMatch(Character::isISOControl);
    }

    private static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(Problem.invalid("The industry is not valid; nothing was stored", errors));
    }

    public static ProblemException notFound(String code) {
        return new ProblemException(ProblemType.NOT_FOUND, "No industry " + code);
    }
}
