package io.tandem.opportunity;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import io.tandem.shared.Actor;

/**
 * Records deals that happened before Tandem (a history import): an opportunity opened on a past day, won with an
 * order or lost. Publishes no event; the lead's stages are the caller's business ({@link io.tandem.lead.LeadPast}).
 * Joins the caller's transaction.
 */
public interface PastDeals {

    /**
     * @param wonOn the order's day, or {@code null}
     * @param lostOn the day it was lost (when not won), or {@code null} while open
     * @return the opportunity's id; {@code null} when no owner is named and the lead has none (nothing written)
     * @throws io.tandem.shared.BadInputException for a negative amount or a close before the opening
     */
    UUID record(UUID leadId, String name, BigDecimal amount, String currency, LocalDate openedOn, LocalDate wonOn,
            LocalDate lostOn, UUID ownerId, Actor actor);
}
