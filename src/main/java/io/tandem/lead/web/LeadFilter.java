package io.tandem.lead.web;

import java.time.LocalDate;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;

import io.tandem.lead.LeadQuery;

/** The lead pool's filter as it travels in the URL, so a filtered view can be bookmarked and shared. */
public record LeadFilter(String q, String source, UUID campaign, String owner, String tag, UUID account,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, LeadQuery.Sort sort, String cursor,
        Integer size, String stage) {

    public LeadQuery toQuery() {
        boolean unassigned = "none".equals(owner);
        UUID ownerId = null;
        if (owner != null && !owner.isBlank() && !unassigned) {
            try {
                ownerId = UUID.fromString(owner);
            } catch (IllegalArgumentException ignored) {
                ownerId = null;
            }
        }
        return new LeadQuery(q, source, campaign, ownerId, unassigned, tag, account, from, to, sort, cursor,
                size == null ? 50 : size, stage == null || stage.isBlank() ? java.util.Set.of() : java.util.Set.of(stage));
    }

    /** The query string of this filter without the cursor, for links to the next page and exports. */
    public String queryString() {
        StringBuilder query = new StringBuilder();
        append(query, "q", q);
        append(query, "source", source);
        append(query, "campaign", campaign);
        append(query, "owner", owner);
        append(query, "tag", tag);
        append(query, "account", account);
        append(query, "from", from);
        append(query, "to", to);
        append(query, "sort", sort);
        append(query, "size", size);
        append(query, "stage", stage);
        return query.toString();
    }

    private static void append(StringBuilder query, String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            return;
        }
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(java.net.URLEncoder.encode(value.toString(),
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
