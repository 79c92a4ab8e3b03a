package io.tandem.sla;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The deadline a lead's running clock of a kind sets, for messages that tell people by when to act. */
public interface SlaDeadlines {

    Optional<Instant> due(UUID leadId, SlaKind kind);
}
