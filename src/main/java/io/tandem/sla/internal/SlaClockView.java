package io.tandem.sla.internal;

import java.time.Instant;
import java.util.UUID;

import io.tandem.sla.SlaKind;

/** A clock as pages show it. */
public record SlaClockView(UUID id, UUID leadId, SlaKind kind, UUID assigneeId, UUID calendarId, Instant startedAt,
        Instant remindAt, Instant dueAt, Instant remindedAt, Instant breachedAt, UUID escalatedTo, boolean takenBack,
        Instant stoppedAt, String outcome, Long businessSeconds) {

    public enum State { RUNNING, AT_RISK, BREACHED, MET, MET_LATE, CANCELLED }

    public State state(Instant now) {
        if (stoppedAt != null) {
            if ("CANCELLED".equals(outcome)) {
                return State.CANCELLED;
            }
            return breachedAt != null || stoppedAt.isAfter(dueAt) ? State.MET_LATE : State.MET;
        }
        if (breachedAt != null || !now.isBefore(dueAt)) {
            return State.BREACHED;
        }
        return remindedAt != null || (remindAt != null && !now.isBefore(remindAt)) ? State.AT_RISK : State.RUNNING;
    }

    public boolean running() {
        return stoppedAt == null;
    }
}
