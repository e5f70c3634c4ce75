package org.ssi.activity.directory.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ssi.activity.directory.service.ImportReport.LineError;

/** The running totals of one import, updated as each chunk commits. */
final class ImportProgress {

    final String importId;
    final long startedAt = System.nanoTime();
    private final List<LineError> errors = new ArrayList<>();
    private final Map<String, DirectoryLine> pendingManagers = new LinkedHashMap<>();
    int lines;
    int lastLine;
    private int imported;
    private int failed;
    private int teams;
    private int members;
    private int membersCreated;
    private int membersChanged;
    private int errorsOmitted;
    private final Set<String> industriesAdded = new TreeSet<>();
    private int industryRefused;

    ImportProgress(String importId) {
        this.importId = importId;
    }

    void add(ImportChunk chunk, ImportChunk.Written written) {
        lines += chunk.lines;
        lastLine = Math.max(lastLine, chunk.lastLine);
        imported += written.teams + written.members;
        teams += written.teams;
        members += written.members;
        membersCreated += written.membersCreated;
        membersChanged += written.membersChanged;
        industriesAdded.addAll(written.industriesAdded.keySet());
        industryRefused += written.industryRefused;
        List<LineError> chunkErrors = new ArrayList<>(chunk.invalid);
        chunkErrors.addAll(written.errors);
        chunkErrors.sort(Comparator.comparingInt(LineError::line));
        chunkErrors.forEach(this::fail);
        written.teamManagers.forEach((teamId, line) -> {
            if (line == null) {
                pendingManagers.remove(teamId);
            } else {
                pendingManagers.put(teamId, line);
            }
        });
    }

    /** A team line imported earlier whose managers turned out not to be members: it counts as failed after all. */
    void teamFailedLate(LineError error) {
        imported--;
        teams--;
        fail(error);
    }

    private void fail(LineError error) {
        failed++;
        if (errors.size() < DirectoryImportService.MAX_REPORTED_ERRORS) {
            errors.add(error);
        } else {
            errorsOmitted++;
        }
    }

    Collection<DirectoryLine> pendingManagers() {
        return pendingManagers.values();
    }

    double seconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    String summary() {
        return String.format(
                "%,d lines, %,d imported (%,d teams, %,d members: %,d created, %,d changed), %,d failed, %.1f s",
                lines, imported, teams, members, membersCreated, membersChanged, failed, seconds());
    }

    /** The summary with what the import did to the industry catalogue, for the audit line. */
    String auditSummary() {
        return summary() + ", industries added: "
                + (industriesAdded.isEmpty() ? "none" : String.join(" ", industriesAdded))
                + ", member lines refused for an industry not in the catalogue: " + industryRefused;
    }

    ImportReport report() {
        List<LineError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(LineError::line));
        return new ImportReport(
                importId,
                imported,
                failed,
                teams,
                members,
                membersCreated,
                membersChanged,
                List.copyOf(sorted),
                errorsOmitted);
    }
}
