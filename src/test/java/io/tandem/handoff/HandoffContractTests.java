package io.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.Role;
import io.tandem.security.TokenScope;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.security.internal.ApiTokenService;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.People;

@IntegrationTest
class HandoffContractTests {

    @LocalServerPort
    int port;
    @Autowired
    Handoffs handoffs;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    UserManagement users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    record Setup(UUID lead, UUID handoff, UserSummary sdr, UserSummary rep) {
    }

    Setup transferred() {
        People people = new People(users, transactions);
        UserSummary sdr = people.create("contract.sdr", Role.SDR, null);
        UserSummary rep = people.create("contract.rep", Role.SALES_REP, null);
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("email", "contract." + UUID.randomUUID().toString().substring(0, 8) + "@deal-corp.cn")).json()
                .get("id").asString());
        UUID handoff = transactions.execute(tx -> {
            stages.move(lead, Stage.MQL, "hand-raise", "test", Actor.SYSTEM);
            handoffs.claim(lead, sdr.id(), Actor.SYSTEM);
            handoffs.saveQualification(lead, new Qualification("1M", "CEO", "ERP", "Q3", Map.of()), Actor.SYSTEM);
            return handoffs.transfer(lead, sdr.id(), rep.id(), "notes", Actor.SYSTEM);
        });
        return new Setup(lead, handoff, sdr, rep);
    }

    Api as(UserSummary user) {
        return Api.at(port).withToken(transactions.execute(tx -> tokens.issue(user.id(), "contract",
                EnumSet.of(TokenScope.READ, TokenScope.LEADS_WRITE), Actor.SYSTEM)).token());
    }

    @Test
    void aRejectionThroughTheApiNeedsAKnownReasonAndOnlyTheAwaitedRepMayGiveIt() {
        Setup setup = transferred();
        UserSummary otherRep = new People(users, transactions).create("contract.other", Role.SALES_REP, null);

        Api.Response unknownReason = as(setup.rep()).post("/api/v1/handoffs/" + setup.handoff() + "/reject",
                Map.of("reason", "TOO_EXPENSIVE"));
        Api.Response stranger = as(otherRep).post("/api/v1/handoffs/" + setup.handoff() + "/reject",
                Map.of("reason", "NO_NEED"));
        Api.Response answered = as(setup.rep()).post("/api/v1/handoffs/" + setup.handoff() + "/reject",
                Map.of("reason", "NO_NEED", "comment", "Uses spreadsheets happily"));

        assertThat(unknownReason.status()).isEqualTo(400);
        assertThat(unknownReason.contentType()).startsWith("application/problem+json");
        assertThat(unknownReason.json().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(leads.find(setup.lead()).orElseThrow().lead().stage()).isEqualTo(Stage.NURTURE);
    }

    @Test
    void nobodyMovesALeadToSalByHandEvenWithTheApi() {
        Setup setup = transferred();

        Api.Response move = Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads/" + setup.lead()
                + "/stage", Map.of("stage", "SAL"));

        assertThat(move.status()).isEqualTo(400);
        assertThat(leads.find(setup.lead()).orElseThrow().lead().stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void anAcceptedLeadThatSalesSendsBackToNurtureRecyclesItsHandoff() {
        Setup setup = transferred();
        transactions.executeWithoutResult(tx -> handoffs.accept(setup.handoff(), setup.rep().id(), Actor.SYSTEM));

        Api.Response recycled = as(setup.rep()).post("/api/v1/leads/" + setup.lead() + "/stage",
                Map.of("stage", "NURTURE", "reason", "Project postponed a year"));

        assertThat(recycled.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select status from handoff where id = :id")
                .param("id", setup.handoff()).query(String.class).single().equals("RECYCLED"));
        assertThat(as(setup.rep()).get("/api/v1/leads/" + setup.lead()).status())
                .as("back in marketing's pool, the lead is no longer the rep's").isEqualTo(404);
    }
}
