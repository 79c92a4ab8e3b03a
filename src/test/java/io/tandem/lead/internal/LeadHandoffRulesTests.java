package io.tandem.lead.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.lifecycle.StagePool;
import io.tandem.shared.BadInputException;

class LeadHandoffRulesTests {

    static final Instant NOW = Instant.parse("2026-11-02T02:00:00Z");
    static final UUID SDR = UUID.randomUUID();
    static final UUID REP = UUID.randomUUID();

    /** The default waterfall of V8, without a database. */
    static final StageModel WATERFALL = new StageModel() {
        final List<Stage> stages = List.of(waterfallStage(Stage.LEAD, 10, StagePool.MARKETING),
                waterfallStage(Stage.NURTURE, 15, StagePool.MARKETING), waterfallStage(Stage.MQL, 20, StagePool.MARKETING),
                waterfallStage(Stage.SAL, 30, StagePool.SALES), waterfallStage(Stage.SQL, 40, StagePool.SALES),
                waterfallStage(Stage.OPPORTUNITY, 50, StagePool.SALES), waterfallStage(Stage.WON, 60, StagePool.CLOSED),
                waterfallStage(Stage.LOST, 70, StagePool.CLOSED), waterfallStage(Stage.DISQUALIFIED, 80, StagePool.CLOSED));
        final Set<String> transitions = Set.of("LEAD>MQL", "LEAD>NURTURE", "NURTURE>MQL", "MQL>SAL", "MQL>NURTURE",
                "MQL>DISQUALIFIED", "SAL>SQL", "SAL>NURTURE", "SQL>OPPORTUNITY", "OPPORTUNITY>WON");

        @Override
        public List<Stage> stages() {
            return stages;
        }

        @Override
        public Optional<Stage> stage(String code) {
            return stages.stream().filter(s -> s.code().equals(code)).findFirst();
        }

        @Override
        public boolean allows(String from, String to) {
            return transitions.contains(from + ">" + to);
        }

        @Override
        public List<Stage> next(String from) {
            return stages.stream().filter(s -> allows(from, s.code())).toList();
        }
    };

    static Stage waterfallStage(String code, int position, StagePool pool) {
        return new Stage(code, code, code, position, pool, true);
    }

    static Lead mql() {
        Lead lead = Lead.create(UUID.randomUUID(), "api", NOW);
        lead.moveTo(Stage.MQL, WATERFALL, NOW);
        return lead;
    }

    static String codeOf(Throwable e) {
        return ((BadInputException) e).problems().get(0).code();
    }

    @Test
    void onlyAnMqlCanBeTransferredToSales() {
        Lead fresh = Lead.create(UUID.randomUUID(), "api", NOW);

        assertThatThrownBy(() -> fresh.transferTo(REP, SDR, NOW)).satisfies(e -> assertThat(codeOf(e))
                .isEqualTo("handoff.transferOnlyMql"));
    }

    @Test
    void nobodyDeclaresALeadSalesAcceptedExceptTheRepWhoAnswersTheTransfer() {
        Lead lead = mql();

        assertThatThrownBy(() -> lead.moveTo(Stage.SAL, WATERFALL, NOW)).satisfies(e -> assertThat(codeOf(e))
                .isEqualTo("handoff.salOnlyByAcceptance"));
        lead.transferTo(REP, SDR, NOW);
        assertThatThrownBy(() -> lead.acceptTransfer(UUID.randomUUID(), WATERFALL, NOW))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("handoff.notPendingForYou"));

        Lead.StageChange change = lead.acceptTransfer(REP, WATERFALL, NOW);

        assertThat(change.to()).isEqualTo(Stage.SAL);
        assertThat(lead.ownerId()).isEqualTo(REP);
        assertThat(lead.pendingRepId()).isNull();
        assertThat(lead.ownedBySales(WATERFALL)).isTrue();
    }

    @Test
    void whileATransferAwaitsItsAnswerTheLeadStaysWhereItIs() {
        Lead lead = mql();
        lead.transferTo(REP, SDR, NOW);

        assertThatThrownBy(() -> lead.moveTo(Stage.NURTURE, WATERFALL, NOW)).satisfies(e -> assertThat(codeOf(e))
                .isEqualTo("handoff.pending"));
        assertThatThrownBy(() -> lead.transferTo(UUID.randomUUID(), SDR, NOW)).isInstanceOf(BadInputException.class);
        assertThat(lead.stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void aRejectedTransferReturnsTheLeadToNurtureWithItsSdr() {
        Lead lead = mql();
        lead.claimBy(SDR, NOW);
        lead.transferTo(REP, SDR, NOW);

        Lead.StageChange change = lead.rejectTransfer(REP, WATERFALL, NOW);

        assertThat(change.from()).isEqualTo(Stage.MQL);
        assertThat(change.to()).isEqualTo(Stage.NURTURE);
        assertThat(lead.ownerId()).isEqualTo(SDR);
        assertThat(lead.ownedBySales(WATERFALL)).isFalse();
    }

    @Test
    void aLeadSalesSendsBackToNurtureGoesBackToItsSdr() {
        Lead lead = mql();
        lead.claimBy(SDR, NOW);
        lead.transferTo(REP, SDR, NOW);
        lead.acceptTransfer(REP, WATERFALL, NOW);

        lead.moveTo(Stage.NURTURE, WATERFALL, NOW);

        assertThat(lead.ownerId()).isEqualTo(SDR);
        assertThat(lead.ownedBySales(WATERFALL)).isFalse();
    }

    @Test
    void anSdrCannotClaimALeadAnotherSdrWorks() {
        Lead lead = mql();
        lead.claimBy(SDR, NOW);

        assertThatThrownBy(() -> lead.claimBy(UUID.randomUUID(), NOW)).satisfies(e -> assertThat(codeOf(e))
                .isEqualTo("handoff.claimedByOther"));
        assertThat(lead.claimBy(SDR, NOW)).as("claiming again is harmless").isEqualTo(Map.of());
    }
}
