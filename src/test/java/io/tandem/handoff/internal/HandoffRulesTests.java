package io.tandem.handoff.internal;

import io.tandem.handoff.Qualification;
import io.tandem.handoff.QualificationQuestion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.tandem.handoff.HandoffStatus;
import io.tandem.handoff.RejectionReason;
import io.tandem.shared.BadInputException;
import io.tandem.support.AudioSamples;

class HandoffRulesTests {

    static final Instant NOW = Instant.parse("2026-11-02T02:00:00Z");
    final UUID rep = UUID.randomUUID();

    Handoff pending() {
        return Handoff.transfer(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), rep,
                new Qualification("yes", "CIO", "MES", "Q2", Map.of()), "notes", List.of(), NOW);
    }

    @Test
    void aRejectionWithoutAReasonIsRefused() {
        Handoff handoff = pending();

        assertThatThrownBy(() -> handoff.reject(rep, null, "no", "rep", NOW)).isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems().get(0).code())
                        .isEqualTo("handoff.reasonRequired"));
        assertThat(handoff.status()).isEqualTo(HandoffStatus.PENDING);
    }

    @Test
    void theReasonOtherNeedsAComment() {
        Handoff handoff = pending();

        assertThatThrownBy(() -> handoff.reject(rep, RejectionReason.OTHER, "  ", "rep", NOW))
                .isInstanceOf(BadInputException.class);
        handoff.reject(rep, RejectionReason.OTHER, "Works with a partner", "rep", NOW);
        assertThat(handoff.comment()).isEqualTo("Works with a partner");
    }

    @Test
    void onlyTheRepATransferAwaitsMayAnswerItAndOnlyOnce() {
        Handoff handoff = pending();

        assertThatThrownBy(() -> handoff.accept(UUID.randomUUID(), "someone", NOW))
                .isInstanceOf(BadInputException.class);
        handoff.accept(rep, "rep", NOW);
        assertThatThrownBy(() -> handoff.reject(rep, RejectionReason.NO_NEED, null, "rep", NOW))
                .isInstanceOf(BadInputException.class);
        assertThat(handoff.status()).isEqualTo(HandoffStatus.ACCEPTED);
    }

    @Test
    void onlyAnAcceptedHandoffCanBeRecycled() {
        Handoff rejected = pending();
        rejected.reject(rep, RejectionReason.DUPLICATE, null, "rep", NOW);
        Handoff accepted = pending();
        accepted.accept(rep, "rep", NOW);

        assertThat(rejected.recycle()).isFalse();
        assertThat(accepted.recycle()).isTrue();
        assertThat(accepted.status()).isEqualTo(HandoffStatus.RECYCLED);
    }

    @Test
    void aTransferNeedsAllOfBantAndEveryRequiredQuestion() {
        QualificationQuestion vendor = new QualificationQuestion(UUID.randomUUID(), "Current vendor", "现有供应商", 10,
                true, true);
        QualificationQuestion optional = new QualificationQuestion(UUID.randomUUID(), "Plants", "工厂数", 20, false,
                true);

        assertThat(new Qualification(" ", "CIO", null, "Q2", Map.of()).missingFor(List.of(vendor, optional)))
                .containsExactly("budget", "need", "Current vendor");
        assertThat(new Qualification("1M", "CIO", "MES", "Q2", Map.of(vendor.id().toString(), "SAP"))
                .missingFor(List.of(vendor, optional))).isEmpty();
    }

    @Test
    void recordingsAreRecognisedByTheirContentNotTheirName() throws IOException {
        assertThat(AudioFormats.detect(new ByteArrayInputStream(AudioSamples.wav()))).contains("audio/wav");
        assertThat(AudioFormats.detect(new ByteArrayInputStream(AudioSamples.amr()))).contains("audio/amr");
        assertThat(AudioFormats.detect(new ByteArrayInputStream("MZ\u0090 this is an exe named call.mp3"
                .getBytes()))).isEmpty();
        assertThat(AudioFormats.detect(new ByteArrayInputStream("<html><script>".getBytes()))).isEmpty();
    }
}
