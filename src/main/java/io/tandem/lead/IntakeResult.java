package io.tandem.lead;

import java.util.List;
import java.util.UUID;

import io.tandem.shared.BadInputException.FieldProblem;

/** One outcome per item, in the order the items came. */
public record IntakeResult(List<Item> items) {

    public long count(Outcome outcome) {
        return items.stream().filter(item -> item.outcome() == outcome).count();
    }

    public enum Outcome {
        CREATED, UPDATED, INVALID
    }

    /** {@code problems} name fields as the channel does ({@code email}, {@code phone} …). */
    public record Item(int index, UUID leadId, Outcome outcome, List<FieldProblem> problems) {
    }
}
