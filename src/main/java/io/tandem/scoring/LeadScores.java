package io.tandem.scoring;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read access to scores for other modules (the SDR queue, routing). */
public interface LeadScores {

    Optional<LeadScore> of(UUID leadId);

    Map<UUID, LeadScore> of(Collection<UUID> leadIds);
}
