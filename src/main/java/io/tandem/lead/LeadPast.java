package io.tandem.lead;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.tandem.shared.Actor;

/**
 * Writes a lead's past in the waterfall, as a history import knows it: when it first entered each stage and who
 * worked it. Unlike a move it publishes no event — nothing that happened last year should start an SLA clock, route a
 * lead or notify anybody — and it skips the transition table (history may skip stages). Joins the caller's
 * transaction.
 */
public interface LeadPast {

    /**
     * Keeps the earlier of a known and an imported first entry, adds one stage-history row per stage entered (source
     * {@code history-import}), and moves the lead to the latest of the stages when that is later than its current
     * stage's change.
     *
     * @param firstEntries stage code → first entry
     * @param sdrId the SDR who qualified the lead, or {@code null}
     * @param reason recorded on the history row of the latest stage (e.g. why it was disqualified)
     */
    void record(UUID leadId, Map<String, Instant> firstEntries, UUID sdrId, String reason, Actor actor);
}
