package org.ssi.activity.directory.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.ssi.problem.Problem.FieldError;

/**
 * What a directory import did. Every line that is not blank is counted once, in {@code imported} or in
 * {@code failed}; the first {@value DirectoryImportService#MAX_REPORTED_ERRORS} failed lines are listed in line order,
 * and {@code errorsOmitted} counts the others.
 *
 * @param importId names the import in the service log, where its progress is written
 * @param imported lines stored (teams and members, including members that were already stored as they are)
 * @param failed lines not stored, each for the reasons in {@code errors}
 * @param teams team lines imported
 * @param members member lines imported
 * @param membersCreated members that did not exist before
 * @param membersChanged members that existed with other values; with the created ones they are on the change feed
 */
@Schema(
        description = "The outcome of a directory import",
        example = "{\"importId\": \"imp-5c1e0a7f\", \"imported\": 99998, \"failed\": 2, \"teams\": 40,"
                + " \"members\": 99958, \"membersCreated\": 1200, \"membersChanged\": 310,"
                + " \"errors\": [{\"line\": 17, \"detail\": \"/industry: must be a string matching [a-z0-9-]{2,64}\","
                + " \"errors\": [{\"pointer\": \"/industry\", \"detail\": \"must be a string matching"
                + " [a-z0-9-]{2,64}\"}]}], \"errorsOmitted\": 0}")
public record ImportReport(
        String importId,
        int imported,
        int failed,
        int teams,
        int members,
        int membersCreated,
        int membersChanged,
        List<LineError> errors,
        int errorsOmitted) {

    /**
     * Why one line was not imported.
     *
     * @param detail the errors of the line in a sentence
     * @param errors the bad values of the line by JSON pointer within the line's object (for CSV, the member built
     *     from the row)
     */
    public record LineError(int line, String detail, List<FieldError> errors) {

        static LineError of(int line, List<FieldError> errors) {
            StringBuilder detail = new StringBuilder();
            for (FieldError error : errors) {
                if (!detail.isEmpty()) {
                    detail.append("; ");
                }
                if (!error.pointer().isEmpty()) {
                    detail.append(error.pointer()).append(": ");
                }
                detail.append(error.detail());
            }
            return new LineError(line, detail.toString(), List.copyOf(errors));
        }
    }
}
