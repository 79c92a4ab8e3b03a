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

    /** @return the order's id */
    UUID win(UUID opportunityId, BigDecimal amount, LocalDate wonOn, Actor actor);

    void lose(UUID opportunityId, LostReason reason, String comment, Actor actor);
}
