package io.tandem.sla.internal;

import java.time.Duration;

import io.tandem.sla.SlaKind;

/**
 * How much working time a clock of this kind gives, when it reminds, and what its breach does. {@code segment} is
 * {@code *} for every lead or {@code grade:A} … for leads of a fit grade.
 */
public record SlaPolicy(SlaKind kind, String segment, int targetMinutes, int remindBeforeMinutes, boolean escalate,
        boolean takeBack, boolean active) {

    public static final String ALL = "*";

    public Duration target() {
        return Duration.ofMinutes(targetMinutes);
    }

    /** The working time after the start at which the reminder goes out; none when it would be at the start. */
    public Duration reminderAfter() {
        return remindBeforeMinutes <= 0 ? null : Duration.ofMinutes(targetMinutes - remindBeforeMinutes);
    }

    public String grade() {
        return segment.startsWith("grade:") ? segment.substring("grade:".length()) : null;
    }
}
