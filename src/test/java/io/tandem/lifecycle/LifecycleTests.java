package io.tandem.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStageChanged;
import io.tandem.lead.LeadStagesChanged;
import io.tandem.lead.LeadStages;
import io.tandem.lead.StageChangeView;
import io.tandem.lead.internal.LeadCommands;
import io.tandem.lifecycle.internal.StageCatalog;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;

@IntegrationTest
@RecordApplicationEvents
class LifecycleTests {

    static final Actor MARKETER = new Actor(null, "li.na", "127.0.0.1");

    @Autowired
    LeadCapture capture;
    @Autowired
    LeadCommands commands;
    @Autowired
    LeadDirectory leads;
    @Autowired
    StageCatalog stages;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    ApplicationEvents events;
    @LocalServerPort
    int port;

    @AfterEach
    void realTime() {
        clock.followRealTime();
    }

    UUID newLead() {
        return transactions.execute(tx -> capture.capture(List.of(new CaptureItem(LeadData.builder()
                .email("stage." + UUID.randomUUID() + "@example-corp.cn").name("Stage").build(), null)),
                CaptureContext.of(CaptureChannel.API, MARKETER))).items().get(0).leadId();
    }

    void move(UUID lead, String stage) {
        transactions.executeWithoutResult(tx -> commands.moveToStage(lead, stage, "because", MARKETER));
    }

    @Test
    void aNewLeadStandsInTheFirstStage() {
        assertThat(leads.find(newLead()).orElseThrow().lead().stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void anAllowedMoveWritesHistoryTheFirstDateAndAnEvent() {
        UUID lead = newLead();
        clock.setTo(Instant.parse("2026-03-02T01:00:00Z"));

        move(lead, Stage.MQL);

        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.MQL);
        assertThat(leads.stageHistory(lead)).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo(Stage.LEAD);
            assertThat(change.to()).isEqualTo(Stage.MQL);
            assertThat(change.at()).isEqualTo(Instant.parse("2026-03-02T01:00:00Z"));
            assertThat(change.actor()).isEqualTo("li.na");
            assertThat(change.reason()).isEqualTo("because");
        });
        assertThat(events.stream(LeadStageChanged.class).filter(e -> e.leadId().equals(lead)))
                .singleElement().satisfies(e -> assertThat(e.to()).isEqualTo(Stage.MQL));
    }

    @Test
    void aRuleMovesManyLeadsAtOnceWhereverTheStageModelAllowsIt() {
        UUID fresh = newLead();
        UUID alreadyMql = newLead();
        move(alreadyMql, Stage.MQL);
        UUID unknown = UUID.randomUUID();
        Instant now = Instant.parse("2026-03-04T01:00:00Z");
        clock.setTo(now);
        Actor rule = new Actor(null, "scoring", "system");

        Set<UUID> moved = transactions.execute(tx -> commands.moveAllIfAllowed(List.of(
                new LeadStages.RuleMove(fresh, "scoring:threshold", "grade A, engagement 70"),
                new LeadStages.RuleMove(alreadyMql, "scoring:threshold", "grade B, engagement 61"),
                new LeadStages.RuleMove(unknown, "scoring:hand-raiser", "DEMO_REQUESTED")), Stage.MQL, rule));

        assertThat(moved).containsExactly(fresh);
        assertThat(leads.find(fresh).orElseThrow().lead().stage()).isEqualTo(Stage.MQL);
        assertThat(leads.stageHistory(fresh)).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo(Stage.LEAD);
            assertThat(change.at()).isEqualTo(now);
            assertThat(change.actor()).isEqualTo("scoring");
            assertThat(change.rule()).isEqualTo("scoring:threshold");
            assertThat(change.reason()).isEqualTo("grade A, engagement 70");
            assertThat(change.source()).isEqualTo("rule");
        });
        assertThat(leads.stageDates(fresh)).containsEntry(Stage.MQL, now);
        assertThat(leads.stageHistory(alreadyMql)).extracting(StageChangeView::rule).containsExactly((String) null);
        assertThat(jdbc.sql("select summary from audit_event where object_type = 'lead' and object_id = :id "
                + "and actor = 'scoring'").param("id", fresh.toString()).query(String.class).list())
                .containsExactly("stage LEAD → MQL: grade A, engagement 70");
        assertThat(events.stream(LeadStagesChanged.class).flatMap(batch -> batch.changes().stream())
                .filter(e -> Set.of(fresh, alreadyMql).contains(e.leadId()) && e.at().equals(now)))
                .singleElement().satisfies(e -> {
                    assertThat(e.leadId()).isEqualTo(fresh);
                    assertThat(e.rule()).isEqualTo("scoring:threshold");
                });
    }

    @Test
    void aMoveTheStageModelDoesNotAllowIsRefusedNamingBothStages() {
        UUID lead = newLead();

        assertThatThrownBy(() -> move(lead, Stage.WON)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("LEAD").hasMessageContaining("WON");
        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.LEAD);
        assertThat(leads.stageHistory(lead)).isEmpty();
    }

    @Test
    void theFirstDateOfAStageSurvivesRecycling() {
        UUID lead = newLead();
        Instant first = Instant.parse("2026-03-02T01:00:00Z");
        clock.setTo(first);
        move(lead, Stage.MQL);
        clock.advance(Duration.ofDays(3));
        move(lead, Stage.NURTURE);
        clock.advance(Duration.ofDays(30));
        move(lead, Stage.MQL);

        assertThat(leads.stageDates(lead)).containsEntry(Stage.MQL, first);
        assertThat(leads.stageHistory(lead)).extracting(StageChangeView::to)
                .containsExactly(Stage.MQL, Stage.NURTURE, Stage.MQL);
    }

    @Test
    void anAdminCanAddAnIntermediateStageAndItsMoves() {
        Set<List<String>> before = new HashSet<>(jdbc.sql("select from_code, to_code from stage_transition")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2))).list());
        String code = "AQL" + (System.nanoTime() % 1000);
        try {
            transactions.executeWithoutResult(tx -> stages.add(code, "AQL", "自动认可线索", 18, StagePool.MARKETING,
                    MARKETER));
            Set<List<String>> with = new HashSet<>(before);
            with.add(List.of(Stage.LEAD, code));
            with.add(List.of(code, Stage.MQL));
            transactions.executeWithoutResult(tx -> stages.setTransitions(with, MARKETER));
            UUID lead = newLead();

            move(lead, code);
            move(lead, Stage.MQL);

            assertThat(stages.stages()).extracting(Stage::code).containsSubsequence(Stage.LEAD, code, Stage.MQL);
            assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.MQL);
        } finally {
            transactions.executeWithoutResult(tx -> stages.setTransitions(before, MARKETER));
        }
    }

    @Test
    void theApiMovesALeadAndExplainsARefusal() {
        UUID lead = newLead();
        Api api = Api.at(port).asAdminWithScopes("leads:write", "read");

        Api.Response moved = api.post("/api/v1/leads/" + lead + "/stage", Map.of("stage", "MQL",
                "reason", "demo request"));
        Api.Response refused = api.post("/api/v1/leads/" + lead + "/stage", Map.of("stage", "WON"));

        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("stage").asString()).isEqualTo("MQL");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asString()).contains("MQL cannot move to WON");
        assertThat(refused.json().get("errors").get(0).get("code").asString()).isEqualTo("stage.illegal");
    }
}
