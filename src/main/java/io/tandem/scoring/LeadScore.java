package io.tandem.scoring;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A lead's score as its page shows it; {@code engagementNow} is already decayed to the moment of reading. */
public record LeadScore(UUID leadId, String grade, int fitPoints, double engagementNow, List<Contribution> fitReasons,
        List<Contribution> recent, Instant updatedAt) {
}
