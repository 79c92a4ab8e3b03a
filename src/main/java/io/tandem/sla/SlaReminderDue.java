package io.tandem.sla;

import java.time.Instant;
import java.util.UUID;

/** A clock's deadline is near; the assignee (if any) should act. */
public record SlaReminderDue(UUID clockId, UUID leadId, SlaKind kind, UUID assigneeId, Instant dueAt) {
}
