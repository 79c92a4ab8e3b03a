package io.tandem.lead;

import java.time.Instant;
import java.util.UUID;

/**
 * A lead moved to another stage of the waterfall.
 *
 * @param rule the rule that moved it (e.g. {@code scoring:mql}), {@code null} when a person did
 */
public record LeadStageChanged(UUID leadId, String from, String to, Instant at, String actor, String rule,
        String reason) {
}
