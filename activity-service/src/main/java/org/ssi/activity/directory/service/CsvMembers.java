package org.ssi.activity.directory.service;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ssi.activity.binding.RecordBinder;
import org.ssi.activity.member.rest.MemberRequest;
import org.ssi.activity.member.service.MemberService;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/**
 * A CSV import file of members (RFC 4180: comma separated, fields with commas, quotes or line breaks in double
 * quotes). The first line names the columns, in any order and case: {@code memberId}, {@code login},
 * {@code displayName} and {@code industry} are required, {@code seniority}, {@code teamId} and the profile fields
 * {@code photo}, {@code coverPhoto}, {@code headline}, {@code summary}, {@code experience}, {@code education},
 * {@code skills} ({@code true} or {@code false}) may follow. An empty value is a missing one. Each row is validated
 * exactly as {@code PUT /members/{memberId}} validates its body, so its errors carry the same JSON pointers.
 */
public final class CsvMembers implements DirectoryLines {

    static final List<String> REQUIRED = List.of("memberId", "login", "displayName", "industry");
    static final List<String> OPTIONAL = List.of("seniority", "teamId");
    static final List<String> PROFILE =
            List.of("photo", "coverPhoto", "headline", "summary", "experience", "education", "skills");
    private static final char QUOTE = '"';
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final BoundedLineReader lines;
    private final List<String> columns;

    private CsvMembers(BoundedLineReader lines, List<String> columns) {
        this.lines = lines;
        this.columns = columns;
    }

    /** Reads the header; a file without one, or a header naming unknown or too few columns, is a 422. */
    public static CsvMembers open(Reader reader) throws IOException {
        BoundedLineReader lines = new BoundedLineReader(reader, DirectoryImportService.MAX_LINE_CHARS);
        Record header = read(lines);
        while (header != null && header.blank()) {
            header = read(lines);
        }
        if (header == null) {
            throw new ProblemException(Problem.invalid(
                    "The file is empty; a CSV import starts with a header line naming its columns",
                    List.of(new FieldError("", "has no header line"))));
        }
        return new CsvMembers(lines, columns(header));
    }

    private static List<String> columns(Record header) {
        Map<String, String> known = new LinkedHashMap<>();
        for (List<String> group : List.of(REQUIRED, OPTIONAL, PROFILE)) {
            group.forEach(name -> known.put(name.toLowerCase(Locale.ROOT), name));
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String cell = header.cells().get(i).strip();
            if (i == 0 && !cell.isEmpty() && cell.charAt(0) == BYTE_ORDER_MARK) {
                cell = cell.substring(1);
            }
            String column = known.get(cell.toLowerCase(Locale.ROOT));
            if (column == null) {
                errors.add(new FieldError(
                        "/columns/" + i, "\"" + cell + "\" is not a column; columns: " + known.values()));
            } else if (columns.contains(column)) {
                errors.add(new FieldError("/columns/" + i, column + " is named twice"));
            }
            columns.add(column);
        }
        for (String required : REQUIRED) {
            if (!columns.contains(required)) {
                errors.add(new FieldError("/columns", "must name the column " + required));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    Problem.invalid("The header line of the CSV file is not valid; nothing was imported", errors));
        }
        return List.copyOf(columns);
    }

    @Override
    public DirectoryLine next() throws IOException {
        Record record = read(lines);
        while (record != null && record.blank()) {
            record = read(lines);
        }
        if (record == null) {
            return null;
        }
        if (record.tooLong()) {
            return DirectoryLine.invalid(
                    record.line(), "", "is longer than " + DirectoryImportService.MAX_LINE_CHARS + " characters");
        }
        if (record.cells().size() != columns.size()) {
            return DirectoryLine.invalid(
                    record.line(),
                    "",
                    "has " + record.cells().size() + " values; the header names " + columns.size() + " columns");
        }
        return member(record);
    }

    private DirectoryLine member(Record record) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode profile = body.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String value = record.cells().get(i);
            if (value.isEmpty()) {
                continue;
            }
            if (PROFILE.contains(column)) {
                profile.set(column, flag(value));
            } else {
                body.put(column, value);
            }
        }
        body.set("profile", profile);
        String memberId = body.path("memberId").textValue();
        if (memberId == null || !MemberService.ID.matcher(memberId).matches()) {
            return DirectoryLine.invalid(
                    record.line(), "/memberId", "is required: a member id matching " + MemberService.ID);
        }
        try {
            return DirectoryLine.member(
                    record.line(), MemberService.parse(memberId, RecordBinder.bind(body, MemberRequest.class)));
        } catch (ProblemException e) {
            return DirectoryLine.invalid(record.line(), NdjsonLines.errorsOf(e));
        }
    }

    /** {@code true} and {@code false} in any case; anything else is kept as text, which validation refuses. */
    private static com.fasterxml.jackson.databind.JsonNode flag(String value) {
        if (value.equalsIgnoreCase("true")) {
            return BooleanNode.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return BooleanNode.FALSE;
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    /** A CSV record: its cells, and the line it starts on; {@code cells} is null when it is too long. */
    record Record(int line, List<String> cells) {
        boolean tooLong() {
            return cells == null;
        }

        boolean blank() {
            return cells != null && cells.size() == 1 && cells.get(0).isBlank();
        }
    }

    /** The next record, joining lines while a quoted field is open (an odd number of quotes so far). */
    static Record read(BoundedLineReader lines) throws IOException {
        BoundedLineReader.Line first = lines.next();
        if (first == null) {
            return null;
        }
        if (first.tooLong()) {
            return new Record(first.number(), null);
        }
        StringBuilder text = new StringBuilder(first.text());
        int quotes = count(first.text());
        while (quotes % 2 == 1) {
            BoundedLineReader.Line more = lines.next();
            if (more == null) {
                break;
            }
            if (more.tooLong() || text.length() + more.text().length() > DirectoryImportService.MAX_LINE_CHARS) {
                return new Record(first.number(), null);
            }
            text.append('\n').append(more.text());
            quotes += count(more.text());
        }
        return new Record(first.number(), cells(text));
    }

    private static int count(String text) {
        int quotes = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == QUOTE) {
                quotes++;
            }
        }
        return quotes;
    }

    /** Splits a record at commas outside quotes; {@code ""} inside quotes is one quote. */
    static List<String> cells(CharSequence text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == QUOTE && i + 1 < text.length() && text.charAt(i + 1) == QUOTE) {
                    cell.append(QUOTE);
                    i++;
                } else if (c == QUOTE) {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == QUOTE && cell.isEmpty()) {
                quoted = true;
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
