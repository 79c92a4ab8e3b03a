package io.tandem.lead;

import java.time.Instant;

/** One line of a lead's own history: a field change, a merge, an owner or tag change. */
public record HistoryEntry(Instant at, String kind, String field, String oldValue, String newValue, String actor,
        String origin) {
}
