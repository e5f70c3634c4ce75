package org.ssi.scoring.outcome.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.outcome.service.OutcomeMetric;
import org.ssi.scoring.outcome.service.OutcomeValidator;
import org.ssi.scoring.rest.StrictBody;

/**
 * The body of {@code POST /internal/outcomes}: {@code {"outcomes": [...]}} and nothing else, 1 to 10,000 outcomes.
 * Every outcome is bound on its own, so that one 422 names every bad value of the batch by JSON pointer; a batch
 * with any bad value is refused whole.
 */
@JsonDeserialize(using = OutcomeBatch.Reader.class)
public record OutcomeBatch(List<OutcomeRequest> outcomes) {

    /** The 422 of a body that is not a batch. */
    static ProblemException notABatch() {
        return new ProblemException(Problem.invalid(
                "The body must be {\"outcomes\": [...]}", List.of(new FieldError("/outcomes", "is required"))));
    }

    static final class Reader extends StrictBody.Reader<OutcomeBatch> {

        private final OutcomeValidator validator = new OutcomeValidator(Clock.systemUTC());

        Reader() {
            super(OutcomeBatch.class);
        }

        @Override
        protected OutcomeBatch bind(JsonNode body) {
            JsonNode list = body.get("outcomes");
            if (list == null || !list.isArray()) {
                throw notABatch();
            }
            List<FieldError> unknown = unknownMembers(body);
            if (!unknown.isEmpty()) {
                throw new ProblemException(
                        Problem.invalid("A batch has no member but \"outcomes\"; nothing was stored", unknown));
            }
            if (list.size() > OutcomeValidator.MAX_OUTCOMES) {
                throw new ProblemException(
                        ProblemType.PAYLOAD_TOO_LARGE,
                        "A batch holds at most " + OutcomeValidator.MAX_OUTCOMES + " outcomes; this one has "
                                + list.size());
            }
            if (list.isEmpty()) {
                throw new ProblemException(Problem.invalid(
                        "A batch holds at least one outcome", List.of(new FieldError("/outcomes", "is empty"))));
            }
            List<FieldError> faults = new ArrayList<>();
            List<OutcomeRequest> outcomes = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                OutcomeRequest outcome = outcome(list.get(i), "/outcomes/" + i, faults);
                if (outcome != null) {
                    outcomes.add(outcome);
                }
            }
            if (!faults.isEmpty()) {
                throw new ProblemException(Problem.invalid("Some outcomes are not valid; none was stored", faults));
            }
            return new OutcomeBatch(List.copyOf(outcomes));
        }

        private OutcomeRequest outcome(JsonNode item, String at, List<FieldError> faults) {
            if (!item.isObject()) {
                faults.add(new FieldError(at, "must be an object"));
                return null;
            }
            int before = faults.size();
            OutcomeRequest outcome = StrictBody.bind(item, OutcomeRequest.class, at, faults, Reader::detail);
            if (outcome != null) {
                validator.check(outcome, at, faults);
            }
            return faults.size() > before ? null : outcome;
        }

        /** What the contract asks of the value that did not bind. */
        private static String detail(StrictBody.Mismatch mismatch) {
            if (mismatch.unknownField()) {
                return "is not a known field";
            }
            return switch (mismatch.field()) {
                case "outcomeId" -> "must be a string matching " + OutcomeValidator.OUTCOME_ID.pattern();
                case "memberId" -> "must be a string matching " + OutcomeValidator.MEMBER_ID.pattern();
                case "metric" -> "must be one of " + String.join(", ", OutcomeMetric.names());
                case "periodStart", "periodEnd" -> "must be a day (YYYY-MM-DD)";
                case "value" -> "must be a number";
                default -> "must be an object";
            };
        }

        /** A batch is {"outcomes": [...]} and nothing else, as the contract says (additionalProperties: false). */
        private static List<FieldError> unknownMembers(JsonNode body) {
            List<FieldError> unknown = new ArrayList<>();
            for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("outcomes")) {
                    unknown.add(new FieldError("/" + StrictBody.escape(name), "is not a known field"));
                }
            }
            return unknown;
        }
    }
}
