package io.tandem.handoff.internal;

import io.tandem.handoff.Qualification;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tandem.handoff.HandoffStatus;
import io.tandem.handoff.RejectionReason;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;

/**
 * One transfer out (转出): from which SDR to which rep, with the qualification, notes and recordings the rep decides
 * on, and the rep's answer. Only the rep it awaits may answer, and only once.
 */
public final class Handoff {

    private final UUID id;
    private final UUID leadId;
    private final UUID sdrId;
    private final UUID repId;
    private final Qualification qualification;
    private final String notes;
    private final List<UUID> recordingIds;
    private final Instant transferredAt;
    private HandoffStatus status;
    private Instant answeredAt;
    private String answeredBy;
    private RejectionReason reason;
    private String comment;

    Handoff(UUID id, UUID leadId, UUID sdrId, UUID repId, Qualification qualification, String notes,
            List<UUID> recordingIds, Instant transferredAt, HandoffStatus status, Instant answeredAt,
            String answeredBy, RejectionReason reason, String comment) {
        this.id = id;
        this.leadId = leadId;
        this.sdrId = sdrId;
        this.repId = repId;
        this.qualification = qualification;
        this.notes = notes;
        this.recordingIds = List.copyOf(recordingIds);
        this.transferredAt = transferredAt;
        this.status = status;
        this.answeredAt = answeredAt;
        this.answeredBy = answeredBy;
        this.reason = reason;
        this.comment = comment;
    }

    static Handoff transfer(UUID id, UUID leadId, UUID sdrId, UUID repId, Qualification qualification, String notes,
            List<UUID> recordingIds, Instant now) {
        return new Handoff(id, leadId, sdrId, repId, qualification, notes, recordingIds, now, HandoffStatus.PENDING,
                null, null, null, null);
    }

    void accept(UUID rep, String actor, Instant now) {
        requireAwaiting(rep);
        status = HandoffStatus.ACCEPTED;
        answeredAt = now;
        answeredBy = actor;
    }

    /** A rejection always says why; "other" also needs words, or marketing learns nothing from it. */
    void reject(UUID rep, RejectionReason why, String words, String actor, Instant now) {
        requireAwaiting(rep);
        if (why == null) {
            throw BadInputException.of(FieldProblem.of("reason", "handoff.reasonRequired"));
        }
        String trimmed = words == null || words.isBlank() ? null : words.strip();
        if (why == RejectionReason.OTHER && trimmed == null) {
            throw BadInputException.of(FieldProblem.of("comment", "handoff.commentRequired"));
        }
        status = HandoffStatus.REJECTED;
        answeredAt = now;
        answeredBy = actor;
        reason = why;
        comment = trimmed;
    }

    /** Sales sent an accepted lead back to Nurture. */
    boolean recycle() {
        if (status != HandoffStatus.ACCEPTED) {
            return false;
        }
        status = HandoffStatus.RECYCLED;
        return true;
    }

    private void requireAwaiting(UUID rep) {
        if (status != HandoffStatus.PENDING || !repId.equals(rep)) {
            throw BadInputException.of(FieldProblem.of("handoff", "handoff.notPendingForYou"));
        }
    }

    public UUID id() { return id; }
    public UUID leadId() { return leadId; }
    public UUID sdrId() { return sdrId; }
    public UUID repId() { return repId; }
    public Qualification qualification() { return qualification; }
    public String notes() { return notes; }
    public List<UUID> recordingIds() { return recordingIds; }
    public Instant transferredAt() { return transferredAt; }
    public HandoffStatus status() { return status; }
    public Instant answeredAt() { return answeredAt; }
    public String answeredBy() { return answeredBy; }
    public RejectionReason reason() { return reason; }
    public String comment() { return comment; }
    public boolean pending() { return status == HandoffStatus.PENDING; }
}
