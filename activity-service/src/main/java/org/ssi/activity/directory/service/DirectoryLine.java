package org.ssi.activity.directory.service;

import java.util.List;
import org.ssi.activity.member.service.Member;
import org.ssi.activity.team.service.Team;
import org.ssi.problem.Problem.FieldError;

/**
 * One line of an import file, validated: a team, a member, or what is wrong with it.
 *
 * @param line the 1-based line number in the file (for a CSV record spanning lines, its first line)
 * @param errors the bad values of the line by JSON pointer within it; empty when the line is valid
 */
public record DirectoryLine(int line, Team team, Member member, List<FieldError> errors) {

    static DirectoryLine team(int line, Team team) {
        return new DirectoryLine(line, team, null, List.of());
    }

    static DirectoryLine member(int line, Member member) {
        return new DirectoryLine(line, null, member, List.of());
    }

    static DirectoryLine invalid(int line, List<FieldError> errors) {
        return new DirectoryLine(line, null, null, List.copyOf(errors));
    }

    static DirectoryLine invalid(int line, String pointer, String detail) {
        return invalid(line, List.of(new FieldError(pointer, detail)));
    }

    boolean valid() {
        return errors.isEmpty();
    }
}
