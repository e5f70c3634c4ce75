package org.ssi.activity.directory.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ssi.activity.directory.service.ImportReport.LineError;
import org.ssi.problem.Problem.FieldError;

/** Up to {@value DirectoryImportService#CHUNK_LINES} lines of a file, written in one transaction. */
final class ImportChunk {

    final List<DirectoryLine> teams = new ArrayList<>();
    final List<DirectoryLine> members = new ArrayList<>();
    final List<LineError> invalid = new ArrayList<>();
    int lines;
    int lastLine;

    void add(DirectoryLine line) {
        lines++;
        lastLine = line.line();
        if (!line.valid()) {
            invalid.add(LineError.of(line.line(), line.errors()));
        } else if (line.team() != null) {
            teams.add(line);
        } else {
            members.add(line);
        }
    }

    boolean isEmpty() {
        return lines == 0;
    }

    boolean needsWriting() {
        return !teams.isEmpty() || !members.isEmpty();
    }

    /**
     * What writing a chunk did. One instance per attempt, so that a retried transaction starts from nothing.
     *
     * <p>{@code teamManagers} holds, per team id in line order, the line whose managers are not all members yet
     * (to be set once the whole file is in), or null when the team got every manager it names.
     */
    static final class Written {
        final List<LineError> errors = new ArrayList<>();
        final Map<String, DirectoryLine> teamManagers = new LinkedHashMap<>();
        /** The industries an admin's lines added to the catalogue, each with the first line naming it. */
        final Map<String, DirectoryLine> industriesAdded = new TreeMap<>();

        int teams;
        int members;
        int membersCreated;
        int membersChanged;
        /** Member lines refused for naming an industry not in the catalogue. */
        int industryRefused;

        void fail(DirectoryLine line, List<FieldError> why) {
            errors.add(LineError.of(line.line(), why));
        }

        static Written allFailed(ImportChunk chunk, String detail) {
            Written written = new Written();
            for (List<DirectoryLine> lines : List.of(chunk.teams, chunk.members)) {
                for (DirectoryLine line : lines) {
                    written.fail(line, List.of(new FieldError("", detail)));
                }
            }
            return written;
        }
    }
}
