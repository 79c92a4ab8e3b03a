package io.tandem.lead;

import java.time.Instant;

/** One row of a lead's stage history. */
public record StageChangeView(String from, String to, Instant at, String actor, String rule, String reason,
        String source) {
}
