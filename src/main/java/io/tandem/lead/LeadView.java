package io.tandem.lead;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Everything about one lead that its page and {@code GET /api/v1/leads/{id}} show. */
public record LeadView(LeadSummary lead, Map<String, Object> custom, String accountName, List<String> emails,
        List<String> phones, String createdVia, List<Consent> consents) {

    public UUID id() {
        return lead.id();
    }

    public record Consent(String purpose, boolean granted, String textVersion, Instant capturedAt, String source) {
    }
}
