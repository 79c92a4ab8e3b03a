package io.tandem.handoff;

/** Where a transfer stands: awaiting the rep, accepted, rejected, or recycled to Nurture after acceptance. */
public enum HandoffStatus {
    PENDING, ACCEPTED, REJECTED, RECYCLED
}
