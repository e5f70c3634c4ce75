package org.ssi.activity.directory.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import org.ssi.activity.binding.RecordBinder;
import org.ssi.activity.member.rest.MemberRequest;
import org.ssi.activity.member.service.MemberService;
import org.ssi.activity.team.rest.TeamRequest;
import org.ssi.activity.team.service.TeamService;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/**
 * An NDJSON import file: one JSON object per line, {@code {"kind": "team", "teamId", ...}} with the fields of
 * {@code PUT /teams/{teamId}} or {@code {"kind": "member", "memberId", ...}} with those of
 * {@code PUT /members/{memberId}}, validated exactly as those requests are.
 */
public final class NdjsonLines implements DirectoryLines {

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int MAX_DETAIL_CHARS = 200;

    private final BoundedLineReader lines;
    private final ObjectReader json;

    public NdjsonLines(Reader reader, ObjectMapper json) {
        this.lines = new BoundedLineReader(reader, DirectoryImportService.MAX_LINE_CHARS);
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    public DirectoryLine next() throws IOException {
        BoundedLineReader.Line line = lines.next();
        while (line != null && !line.tooLong() && withoutMark(line).isBlank()) {
            line = lines.next();
        }
        if (line == null) {
            return null;
        }
        if (line.tooLong()) {
            return DirectoryLine.invalid(
                    line.number(), "", "is longer than " + DirectoryImportService.MAX_LINE_CHARS + " characters");
        }
        return parse(line.number(), withoutMark(line));
    }

    private DirectoryLine parse(int number, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            return DirectoryLine.invalid(number, "", "is not valid JSON: " + shorten(e.getOriginalMessage()));
        }
        if (!(node instanceof ObjectNode object)) {
            return DirectoryLine.invalid(number, "", "must be a JSON object");
        }
        JsonNode kind = object.remove("kind");
        if (kind == null || !kind.isTextual()) {
            return DirectoryLine.invalid(number, "/kind", "is required: \"team\" or \"member\"");
        }
        try {
            return switch (kind.textValue()) {
                case "team" -> team(number, object);
                case "member" -> member(number, object);
                default -> DirectoryLine.invalid(number, "/kind", "must be \"team\" or \"member\"");
            };
        } catch (ProblemException e) {
            return DirectoryLine.invalid(number, errorsOf(e));
        }
    }

    private static DirectoryLine team(int number, ObjectNode object) {
        String teamId = id(object.get("teamId"));
        if (teamId == null) {
            return DirectoryLine.invalid(number, "/teamId", "is required: a team id matching " + MemberService.ID);
        }
        return DirectoryLine.team(number, TeamService.parse(teamId, RecordBinder.bind(object, TeamRequest.class)));
    }

    private static DirectoryLine member(int number, ObjectNode object) {
        String memberId = id(object.get("memberId"));
        if (memberId == null) {
            return DirectoryLine.invalid(number, "/memberId", "is required: a member id matching " + MemberService.ID);
        }
        return DirectoryLine.member(
                number, MemberService.parse(memberId, RecordBinder.bind(object, MemberRequest.class)));
    }

    private static String id(JsonNode node) {
        if (node == null
                || !node.isTextual()
                || !MemberService.ID.matcher(node.textValue()).matches()) {
            return null;
        }
        return node.textValue();
    }

    static List<FieldError> errorsOf(ProblemException e) {
        List<FieldError> errors = e.problem().errors();
        return errors == null || errors.isEmpty()
                ? List.of(new FieldError("", e.problem().detail()))
                : errors;
    }

    private static String withoutMark(BoundedLineReader.Line line) {
        String text = line.text();
        return line.number() == 1 && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static String shorten(String message) {
        String text = String.valueOf(message);
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
