package io.tandem.sla;

import java.time.Instant;
import java.util.UUID;

/**
 * A clock passed its deadline.
 *
 * @param escalatedTo the manager told of it, {@code null} when the policy does not escalate or nobody manages the
 *                    assignee
 * @param takenBack   whether the lead was taken back from the assignee
 */
public record SlaBreached(UUID clockId, UUID leadId, SlaKind kind, UUID assigneeId, UUID escalatedTo, Instant dueAt,
        boolean takenBack) {
}
