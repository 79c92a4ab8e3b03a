package io.tandem.opportunity.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

import io.tandem.opportunity.LostReason;
import io.tandem.opportunity.PipelineStage;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;

/** A potential deal. Once won or lost it is closed and changes no more. */
public final class Opportunity {

    private final UUID id;
    private final UUID accountId;
    private final UUID ownerId;
    private final Instant createdAt;
    private String name;
    private String stage;
    private BigDecimal amount;
    private String currency;
    private LocalDate expectedClose;
    private int probability;
    private LostReason lostReason;
    private String lostComment;
    private Instant updatedAt;
    private Instant closedAt;

    Opportunity(UUID id, String name, UUID accountId, UUID ownerId, String stage, BigDecimal amount, String currency,
            LocalDate expectedClose, int probability, LostReason lostReason, String lostComment, Instant createdAt,
            Instant updatedAt, Instant closedAt) {
        this.id = id;
        this.name = name;
        this.accountId = accountId;
        this.ownerId = ownerId;
        this.stage = stage;
        this.amount = amount;
        this.currency = currency;
        this.expectedClose = expectedClose;
        this.probability = probability;
        this.lostReason = lostReason;
        this.lostComment = lostComment;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.closedAt = closedAt;
    }

    static Opportunity open(UUID id, UUID accountId, UUID ownerId, PipelineStage first, io.tandem.opportunity.OpportunityTerms terms, Instant now) {
        Opportunity opportunity = new Opportunity(id, null, accountId, ownerId, first.code(), null, null, null,
                first.probability(), null, null, now, now, null);
        opportunity.revise(terms, now);
        return opportunity;
    }

    void revise(io.tandem.opportunity.OpportunityTerms terms, Instant now) {
        requireOpen();
        if (terms.name() == null || terms.name().isBlank()) {
            throw BadInputException.of(FieldProblem.of("name", "opportunity.name"));
        }
        if (terms.amount() == null || terms.amount().signum() < 0) {
            throw BadInputException.of(FieldProblem.of("amount", "opportunity.amount"));
        }
        String code = terms.currency() == null ? "" : terms.currency().strip().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z]{3}")) {
            throw BadInputException.of(FieldProblem.of("currency", "opportunity.currency"));
        }
        if (terms.expectedClose() == null) {
            throw BadInputException.of(FieldProblem.of("expectedClose", "opportunity.closeDate"));
        }
        if (terms.probability() != null && (terms.probability() < 0 || terms.probability() > 100)) {
            throw BadInputException.of("probability", "enter 0 to 100");
        }
        name = terms.name().strip();
        amount = terms.amount();
        currency = code;
        expectedClose = terms.expectedClose();
        if (terms.probability() != null) {
            probability = terms.probability();
        }
        updatedAt = now;
    }

    /** Moves along the open stages; the stage's probability becomes the forecast. Winning and losing have their own. */
    String advanceTo(PipelineStage target, Instant now) {
        requireOpen();
        if (!target.open()) {
            throw BadInputException.of(FieldProblem.of("stage", "opportunity.stage"));
        }
        String from = stage;
        stage = target.code();
        probability = target.probability();
        updatedAt = now;
        return from;
    }

    void win(PipelineStage won, BigDecimal finalAmount, Instant now) {
        requireOpen();
        if (finalAmount == null || finalAmount.signum() < 0) {
            throw BadInputException.of(FieldProblem.of("amount", "opportunity.amount"));
        }
        stage = won.code();
        probability = 100;
        amount = finalAmount;
        closedAt = now;
        updatedAt = now;
    }

    void lose(PipelineStage lost, LostReason reason, String comment, Instant now) {
        requireOpen();
        if (reason == null) {
            throw BadInputException.of(FieldProblem.of("reason", "opportunity.lostReason"));
        }
        String words = comment == null || comment.isBlank() ? null : comment.strip();
        if (reason == LostReason.OTHER && words == null) {
            throw BadInputException.of(FieldProblem.of("comment", "handoff.commentRequired"));
        }
        stage = lost.code();
        probability = 0;
        lostReason = reason;
        lostComment = words;
        closedAt = now;
        updatedAt = now;
    }

    void touched(Instant now) {
        requireOpen();
        updatedAt = now;
    }

    private void requireOpen() {
        if (closedAt != null) {
            throw BadInputException.of(FieldProblem.of("stage", "opportunity.closed"));
        }
    }

    public UUID id() { return id; }
    public String name() { return name; }
    public UUID accountId() { return accountId; }
    public UUID ownerId() { return ownerId; }
    public String stage() { return stage; }
    public BigDecimal amount() { return amount; }
    public String currency() { return currency; }
    public LocalDate expectedClose() { return expectedClose; }
    public int probability() { return probability; }
    public LostReason lostReason() { return lostReason; }
    public String lostComment() { return lostComment; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Instant closedAt() { return closedAt; }
    public boolean closed() { return closedAt != null; }
}
