package io.tandem.lead;

import java.util.List;

/**
 * A rule moved many leads at once (e.g. scoring made a batch's leads MQLs): one event for the batch, as
 * {@link LeadsCaptured} is for a batch of captures, carrying each lead's transition. One outbox entry per listener and
 * batch instead of per lead keeps a rule that moves thousands of leads from flooding the outbox.
 */
public record LeadStagesChanged(List<LeadStageChanged> changes) {
}
