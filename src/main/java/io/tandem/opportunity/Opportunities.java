package io.tandem.opportunity;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import io.tandem.shared.Actor;

/** The opportunity pool's commands for other modules (demo data today; CRM connectors later). */
public interface Opportunities {

    /** Converts a sales-qualified lead; @return the opportunity's id */
    UUID convert(UUID leadId, OpportunityTerms terms, Actor actor);

    void advance(UUID opportunityId, String stageCode, Actor actor);

    /** New terms, e.g. the amount the CRM reports. */
    void revise(UUID opportunityId, OpportunityTerms terms, Actor actor);

    /** Where an opportunity stands, for rules that must not ask for an impossible move. */
    java.util.Optional<Snapshot> snapshot(UUID opportunityId);

    /** @param stageCode the pipeline stage's code; {@code closed} once won or lost */
    record Snapshot(UUID id, String name, String stageCode, BigDecimal amount, String currency, LocalDate expectedClose,
            boolean closed) {
    }

    /** The pipeline's stage codes, in order. */
    java.util.List<String> stageCodes();

    /** @return the order's id */
    UUID win(UUID opportunityId, BigDecimal amount, LocalDate wonOn, Actor actor);

    void lose(UUID opportunityId, LostReason reason, String comment, Actor actor);
}
