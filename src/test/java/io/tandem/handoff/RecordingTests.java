package io.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.AudioSamples;
import io.tandem.support.IntegrationTest;
import io.tandem.support.People;
import io.tandem.support.WebSession;

@IntegrationTest
class RecordingTests {

    @LocalServerPort
    int port;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    LeadStages stages;
    @Autowired
    JdbcClient jdbc;

    UUID claimedMql(WebSession sdr) {
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("email", "rec." + UUID.randomUUID().toString().substring(0, 8) + "@voice-corp.cn")).json()
                .get("id").asString());
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "hand-raise", "test", Actor.SYSTEM));
        sdr.get("/sdr");
        sdr.post("/sdr/leads/" + lead + "/claim", Map.of());
        sdr.get("/sdr/leads/" + lead);
        return lead;
    }

    @Test
    void aRecordingIsCheckedByItsContentAndARenamedFileIsRefusedWithoutLeavingAnything() {
        People people = new People(users, transactions);
        WebSession sdr = people.session(port, people.create("rec.sdr", Role.SDR, null));
        UUID lead = claimedMql(sdr);

        WebSession.Page refused = sdr.upload("/sdr/leads/" + lead + "/calls", Map.of("notes", "voicemail"),
                "recording", "call.mp3", "#!/bin/sh\nrm -rf /\n".getBytes());
        String page = sdr.get(java.net.URI.create(refused.location()).getPath()).body();

        assertThat(page).contains("not an mp3, m4a, wav or amr recording");
        assertThat(jdbc.sql("select count(*) from sdr_call where lead_id = :lead").param("lead", lead)
                .query(Long.class).single()).as("no half-written call").isZero();
        assertThat(jdbc.sql("select count(*) from call_recording where lead_id = :lead").param("lead", lead)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aRecordingIsStreamedToWhoMayReadItsLeadAndToNobodyElse() {
        People people = new People(users, transactions);
        UserSummary sdrUser = people.create("rec.sdr", Role.SDR, null);
        WebSession sdr = people.session(port, sdrUser);
        UUID lead = claimedMql(sdr);
        sdr.upload("/sdr/leads/" + lead + "/calls", Map.of("disposition", "NO_ANSWER"), "recording", "call.amr",
                AudioSamples.amr());
        UUID recording = jdbc.sql("select id from call_recording where lead_id = :lead").param("lead", lead)
                .query(UUID.class).single();

        WebSession.Page own = sdr.get("/recordings/" + recording);
        WebSession.Page stranger = people.session(port, people.create("rec.rep", Role.SALES_REP, null))
                .get("/recordings/" + recording);

        assertThat(own.status()).isEqualTo(200);
        assertThat(stranger.status()).isEqualTo(404);
    }
}
