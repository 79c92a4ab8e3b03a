package io.tandem.lead;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything about one lead that its page and {@code GET /api/v1/leads/{id}} show.
 *
 * @param outreachPaused sales works this person now: marketing's outreach (nurture emails, campaigns) must pause so
 *        that nobody is followed by both departments at once
 */
public record LeadView(LeadSummary lead, Map<String, Object> custom, String accountName, List<String> emails,
        List<String> phones, String createdVia, List<Consent> consents, boolean outreachPaused) {

    public UUID id() {
        return lead.id();
    }

    public record Consent(String purpose, boolean granted, String textVersion, Instant capturedAt, String source) {
    }
}
