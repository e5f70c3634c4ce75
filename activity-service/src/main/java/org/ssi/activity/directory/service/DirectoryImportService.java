package org.ssi.activity.directory.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.audit.service.DirectoryAudit;
import org.ssi.activity.directory.repository.DirectoryRepository;
import org.ssi.activity.directory.repository.DirectoryRepository.MemberChange;
import org.ssi.activity.directory.service.ImportReport.LineError;
import org.ssi.activity.feed.repository.ChangeFeedRepository;
import org.ssi.activity.industry.service.IndustryCatalogue;
import org.ssi.activity.member.service.Member;
import org.ssi.activity.team.repository.TeamRepository;
import org.ssi.activity.team.service.Team;
import org.ssi.activity.team.service.TeamService;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * Imports a directory file of teams and members, streamed, for organisations too large for one request per member.
 *
 * <p><b>Valid lines are imported; bad lines are reported, not fatal.</b> An organisation's HR export of 100,000
 * people always holds a few rows that are wrong (a misspelt industry, a team that was dissolved); refusing the whole
 * file for them would leave 99,990 correct members unscored until someone fixes rows they may not own. So each line
 * is validated exactly as {@code PUT /teams/{teamId}} and {@code PUT /members/{memberId}} validate a body, and a bad
 * line is listed in the report with its line number and JSON pointers while the others are stored. Importing is
 * idempotent (lines are upserts by id, and a member stored with the same values is not changed), so the operator
 * fixes the reported lines and imports the file, or only those lines, again.
 *
 * <p><b>Industries.</b> A member line names an industry of the catalogue (see {@code IndustryCatalogue}). For a caller
 * who is no admin (the ingest client) a line naming any other industry is a bad line, reported at {@code /industry};
 * an admin's new industries are added in the transaction of the chunk that first names them, each addition audited
 * with the line and member that added it. One audit line per import gives its counts, whether it finished or stopped.
 *
 * <p><b>Order.</b> Lines are applied in file order, in chunks of {@value #CHUNK_LINES}; within a chunk, its team lines
 * are applied before its member lines. So a team must come before the members that name it (earlier in the file, or
 * in the same chunk), and a parent team before its sub-teams. A team's managers may be anywhere in the file: managers
 * that are not members yet when the team is stored are added once the whole file is in; a team line naming a manager
 * who is still no member then is reported as failed, and the team is kept without that manager. A member id or team
 * id repeated in the file ends with the values of its last valid line.
 *
 * <p><b>Transactions.</b> Each chunk is one transaction holding its teams, its members and the change-feed entries of
 * the members it created or changed (reason {@code directory}), exactly as {@code PUT /members} does for one member;
 * scoring-service rescores them from the feed. A chunk costs a handful of set-based statements however many members
 * it holds. A failure after some chunks (the body breaks off, the database fails) leaves the committed chunks in
 * place and says up to which line; importing the file again completes it. One import never holds locks on more than
 * one chunk of members, so ingestion and other writers are not held up for the length of a large import.
 *
 * <p>The body is read on a worker thread as a blocking stream, so that TCP flow control paces the client to the
 * database: memory holds one chunk being parsed and one being written, never the file. Progress goes to the log
 * every {@value #PROGRESS_EVERY_LINES} lines.
 */
@ApplicationScoped
public class DirectoryImportService {

    public static final int CHUNK_LINES = 1_000;
    public static final int MAX_REPORTED_ERRORS = 100;
    public static final int MAX_LINE_CHARS = 64 * 1024;
    static final int PROGRESS_EVERY_LINES = 10_000;
    static final String FEED_REASON = "directory";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CONCURRENT_CHANGE =
            "conflicted twice with a concurrent change of the directory (a login taken meanwhile); import it again";
    private static final Logger LOG = Logger.getLogger(DirectoryImportService.class);

    private final Pool pool;
    private final TeamService teamService;
    private final TeamRepository teams;
    private final DirectoryRepository directory;
    private final ChangeFeedRepository feed;
    private final IndustryCatalogue industries;
    private final DirectoryAudit audit;

    public DirectoryImportService(
            Pool pool,
            TeamService teamService,
            TeamRepository teams,
            DirectoryRepository directory,
            ChangeFeedRepository feed,
            IndustryCatalogue industries,
            DirectoryAudit audit) {
        this.pool = pool;
        this.teamService = teamService;
        this.teams = teams;
        this.directory = directory;
        this.feed = feed;
        this.industries = industries;
        this.audit = audit;
    }

    /**
     * Imports the lines; blocks, so call it on a worker thread. A file without a single line is a 422; a body that
     * breaks off or grows too large stops the import with a problem telling how far it got.
     */
    public ImportReport importLines(DirectoryLines lines, Caller caller) {
        ImportProgress progress =
                new ImportProgress("imp-" + UUID.randomUUID().toString().substring(0, 8));
        LOG.infof("Directory import %s started by %s", progress.importId, caller);
        String outcome = "stopped";
        try {
            ImportReport report = run(lines, caller, progress);
            outcome = "finished";
            return report;
        } finally {
            audit.imported(caller, progress.importId, outcome, progress.auditSummary());
        }
    }

    private ImportReport run(DirectoryLines lines, Caller caller, ImportProgress progress) {
        CompletableFuture<ImportChunk.Written> inFlight = null;
        ImportChunk writing = null;
        while (true) {
            ImportChunk chunk;
            try {
                chunk = readChunk(lines);
            } catch (IOException | RuntimeException e) {
                if (inFlight != null) {
                    committed(progress, writing, inFlight, caller);
                }
                throw stopped(progress, e);
            }
            if (inFlight != null) {
                committed(progress, writing, inFlight, caller);
            }
            if (chunk.isEmpty()) {
                break;
            }
            // The next chunk is parsed while this one is written; it is written only once this one has committed.
            writing = chunk;
            inFlight = write(chunk, caller).subscribeAsCompletionStage();
        }
        if (progress.lines == 0) {
            throw new ProblemException(Problem.invalid(
                    "The file holds no line to import", List.of(new FieldError("", "has no team or member line"))));
        }
        settleManagers(progress);
        ImportReport report = progress.report();
        LOG.infof(
                "Directory import %s finished: %s, %,.0f lines/s",
                progress.importId, progress.summary(), progress.lines / Math.max(progress.seconds(), 1e-3));
        return report;
    }

    private static ImportChunk readChunk(DirectoryLines lines) throws IOException {
        ImportChunk chunk = new ImportChunk();
        while (chunk.lines < CHUNK_LINES) {
            DirectoryLine line = lines.next();
            if (line == null) {
                break;
            }
            chunk.add(line);
        }
        return chunk;
    }

    private void committed(
            ImportProgress progress,
            ImportChunk chunk,
            CompletableFuture<ImportChunk.Written> inFlight,
            Caller caller) {
        ImportChunk.Written written;
        try {
            written = inFlight.join();
        } catch (CompletionException e) {
            LOG.errorf(e.getCause(), "Directory import %s failed after %s", progress.importId, progress.summary());
            throw stoppedByDatabase(progress, chunk);
        }
        int before = progress.lines / PROGRESS_EVERY_LINES;
        progress.add(chunk, written);
        written.industriesAdded.forEach((code, line) -> audit.industryAdded(
                caller,
                code,
                "import " + progress.importId + ", line " + line.line() + ", member "
                        + line.member().memberId()));
        if (progress.lines / PROGRESS_EVERY_LINES > before) {
            LOG.infof("Directory import %s: %s", progress.importId, progress.summary());
        }
    }

    private static ProblemException stoppedByDatabase(ImportProgress progress, ImportChunk chunk) {
        return new ProblemException(Problem.of(
                        ProblemType.UNAVAILABLE,
                        "The database failed while lines after " + progress.lastLine
                                + " were written; the lines up to " + progress.lastLine
                                + " are imported. Importing the file again is safe.")
                .with("importId", progress.importId)
                .with("imported", progress.report().imported())
                .with("failedAtLine", chunk.lastLine));
    }

    /** The body broke off, was not text in its charset, or grew over the limit: say how far the import got. */
    private static ProblemException stopped(ImportProgress progress, Exception e) {
        LOG.warnf("Directory import %s stopped after %s: %s", progress.importId, progress.summary(), e.toString());
        String done = "; the lines up to " + progress.lastLine + " were imported ("
                + progress.report().imported() + " imported, "
                + progress.report().failed() + " failed)";
        Problem problem;
        if (e instanceof ProblemException stop) {
            Problem cause = stop.problem();
            problem = new Problem(
                    cause.type(), cause.title(), cause.status(), cause.detail() + done, cause.errors(), Map.of());
        } else if (e instanceof CharacterCodingException) {
            problem = Problem.of(
                    ProblemType.MALFORMED_REQUEST,
                    "The body is not text in its charset (UTF-8 unless Content-Type names another) after line "
                            + progress.lastLine + done);
        } else if (e instanceof IOException) {
            problem = Problem.of(ProblemType.MALFORMED_REQUEST, "The body could not be read to its end" + done);
        } else {
            throw (RuntimeException) e;
        }
        return new ProblemException(problem.with("importId", progress.importId));
    }

    private Uni<ImportChunk.Written> write(ImportChunk chunk, Caller caller) {
        if (!chunk.needsWriting()) {
            return Uni.createFrom().item(new ImportChunk.Written());
        }
        // A login taken by another writer between the check and the upsert aborts the transaction: check again.
        return attempt(chunk, caller)
                .onFailure(DirectoryImportService::isUniqueViolation)
                .recoverWithUni(() -> attempt(chunk, caller))
                .onFailure(DirectoryImportService::isUniqueViolation)
                .recoverWithItem(() -> ImportChunk.Written.allFailed(chunk, CONCURRENT_CHANGE));
    }

    private Uni<ImportChunk.Written> attempt(ImportChunk chunk, Caller caller) {
        return Uni.createFrom().deferred(() -> {
            ImportChunk.Written written = new ImportChunk.Written();
            return pool.withTransaction(connection -> saveTeams(connection, chunk.teams, written)
                            .chain(() -> saveMembers(connection, chunk.members, caller, written)))
                    .replaceWith(written);
        });
    }

    private static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    /** Teams one by one in line order, since a team's parent may be the line before; they are few. */
    private Uni<Void> saveTeams(SqlConnection connection, List<DirectoryLine> lines, ImportChunk.Written written) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DirectoryLine line : lines) {
            chain = chain.chain(() -> saveTeam(connection, line, written));
        }
        return chain;
    }

    private Uni<Void> saveTeam(SqlConnection connection, DirectoryLine line, ImportChunk.Written written) {
        Team team = line.team();
        return teamService
                .checkParent(connection, team)
                .chain(() -> teams.existingMembers(connection, team.managers()))
                .chain(existing -> storeTeam(connection, line, existing, written))
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> failTeam(line, (ProblemException) e, written));
    }

    private Uni<Void> storeTeam(
            SqlConnection connection, DirectoryLine line, List<String> members, ImportChunk.Written written) {
        Team team = line.team();
        List<String> known = team.managers().stream().filter(members::contains).toList();
        written.teamManagers.put(team.teamId(), known.size() == team.managers().size() ? null : line);
        Team stored = new Team(team.teamId(), team.name(), team.parentTeamId(), known);
        return teams.upsert(connection, stored).invoke(() -> written.teams++).replaceWithVoid();
    }

    private static Void failTeam(DirectoryLine line, ProblemException e, ImportChunk.Written written) {
        written.fail(line, NdjsonLines.errorsOf(e));
        return null;
    }

    /**
     * Members in a few set-based statements: the teams, logins and industries they name, the industries an admin
     * adds, one upsert, one feed append.
     */
    private Uni<Void> saveMembers(
            SqlConnection connection, List<DirectoryLine> lines, Caller caller, ImportChunk.Written written) {
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> teamIds = new TreeSet<>();
        Set<String> logins = new TreeSet<>();
        Set<String> industryCodes = new TreeSet<>();
        for (DirectoryLine line : lines) {
            if (line.member().teamId() != null) {
                teamIds.add(line.member().teamId());
            }
            logins.add(line.member().login());
            industryCodes.add(line.member().industry());
        }
        return directory
                .existingTeams(connection, teamIds)
                .chain(known -> directory
                        .loginHolders(connection, logins)
                        .chain(holders -> industries
                                .refused(connection, caller, industryCodes)
                                .map(refused -> acceptMembers(lines, new Lookups(known, holders, refused), written))))
                .call(accepted -> addIndustries(connection, accepted, caller, written))
                .chain(accepted -> upsertMembers(connection, accepted.values()))
                .chain(changes -> recordChanges(connection, changes, written));
    }

    /** What the members of a chunk are checked against, read in the chunk's transaction. */
    private record Lookups(Set<String> knownTeams, Map<String, String> loginHolders, Set<String> refusedIndustries) {}

    /**
     * An admin's members may name new industries: they enter the catalogue in the chunk's transaction, each noted
     * with the first line naming it, for the audit once the chunk has committed.
     */
    private Uni<Void> addIndustries(
            SqlConnection connection, Map<String, DirectoryLine> accepted, Caller caller, ImportChunk.Written written) {
        Map<String, DirectoryLine> firstLine = new TreeMap<>();
        accepted.values().forEach(line -> firstLine.putIfAbsent(line.member().industry(), line));
        return industries
                .addNew(connection, caller, firstLine.keySet())
                .invoke(added -> added.forEach(code -> written.industriesAdded.put(code, firstLine.get(code))))
                .replaceWithVoid();
    }

    /** The valid member lines by member id (the last line of a repeated member wins). */
    private static Map<String, DirectoryLine> acceptMembers(
            List<DirectoryLine> lines, Lookups lookups, ImportChunk.Written written) {
        Map<String, DirectoryLine> accepted = new LinkedHashMap<>();
        Map<String, String> claimed = new LinkedHashMap<>(lookups.loginHolders());
        for (DirectoryLine line : lines) {
            Member member = line.member();
            List<FieldError> errors = new ArrayList<>();
            if (member.teamId() != null && !lookups.knownTeams().contains(member.teamId())) {
                errors.add(new FieldError("/teamId", "no team " + member.teamId()));
            }
            if (lookups.refusedIndustries().contains(member.industry())) {
                errors.add(IndustryCatalogue.notCatalogued(member.industry()));
                written.industryRefused++;
            }
            String holder = claimed.get(member.login());
            if (holder != null && !holder.equals(member.memberId())) {
                errors.add(new FieldError("/login", "is the login of another member"));
            }
            if (!errors.isEmpty()) {
                written.fail(line, errors);
                continue;
            }
            claimed.put(member.login(), member.memberId());
            accepted.put(member.memberId(), line);
            written.members++;
        }
        return accepted;
    }

    private Uni<List<MemberChange>> upsertMembers(SqlConnection connection, Collection<DirectoryLine> lines) {
        if (lines.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return directory.upsertMembers(
                connection, lines.stream().map(DirectoryLine::member).toList());
    }

    private Uni<Void> recordChanges(SqlConnection connection, List<MemberChange> changes, ImportChunk.Written written) {
        List<String> changed = new ArrayList<>(changes.size());
        for (MemberChange change : changes) {
            changed.add(change.memberId());
            if (change.created()) {
                written.membersCreated++;
            } else {
                written.membersChanged++;
            }
        }
        return feed.append(connection, changed, FEED_REASON);
    }

    /** Sets the managers held back until the whole file was in; those still not members fail their team's line. */
    private void settleManagers(ImportProgress progress) {
        Collection<DirectoryLine> pending = progress.pendingManagers();
        if (pending.isEmpty()) {
            return;
        }
        List<LineError> failures = pool.withTransaction(connection -> settle(connection, List.copyOf(pending)))
                .await()
                .indefinitely();
        failures.forEach(progress::teamFailedLate);
    }

    private Uni<List<LineError>> settle(SqlConnection connection, List<DirectoryLine> pending) {
        List<LineError> failures = new ArrayList<>();
        // One team after the other through a Multi: a chain of one Uni per team nests a level per team, and ten
        // thousand teams (./ssi simulate --members 100000) overflowed the stack when it was subscribed.
        return Multi.createFrom()
                .iterable(pending)
                .onItem()
                .transformToUniAndConcatenate(line -> settleLine(connection, line, failures))
                .collect()
                .last()
                .replaceWith(failures);
    }

    private Uni<Void> settleLine(SqlConnection connection, DirectoryLine line, List<LineError> failures) {
        return teams.existingMembers(connection, line.team().managers())
                .chain(members -> settleTeam(connection, line, members, failures));
    }

    private Uni<Void> settleTeam(
            SqlConnection connection, DirectoryLine line, List<String> members, List<LineError> failures) {
        Team team = line.team();
        List<FieldError> missing = new ArrayList<>();
        for (int i = 0; i < team.managers().size(); i++) {
            if (!members.contains(team.managers().get(i))) {
                missing.add(new FieldError(
                        "/managers/" + i,
                        "is not a member of the directory; the team was imported without this manager"));
            }
        }
        if (!missing.isEmpty()) {
            failures.add(LineError.of(line.line(), missing));
        }
        List<String> known = team.managers().stream().filter(members::contains).toList();
        return teams.upsert(connection, new Team(team.teamId(), team.name(), team.parentTeamId(), known))
                .replaceWithVoid();
    }
}
