package io.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.campaign.CampaignType;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.StageChangeView;
import io.tandem.notification.internal.Inbox;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.AudioSamples;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;
import io.tandem.support.WebSession;

/**
 * The whole waterfall as the people live it, on a clock the test moves: a form fill, engagement that makes an MQL, an
 * SDR who qualifies and transfers, a rep who rejects, marketing who reads why, more engagement, a second transfer
 * that is accepted, and the way to a won order.
 */
@IntegrationTest
class HandoffStoryTests {

    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final Instant MONDAY_MORNING = Instant.parse("2026-11-02T01:30:00Z");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    LeadDirectory leads;
    @Autowired
    Inbox inbox;
    @Autowired
    CampaignManagement campaigns;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void realTime() {
        clock.followRealTime();
    }

    @Test
    void aLeadTravelsFromAFormFillToAWonOrderAndTheStageHistoryHoldsEveryStep() throws Exception {
        People people = new People(users, transactions);
        UserSummary sdr = people.create("zhou.sdr", Role.SDR, null);
        UserSummary rep = people.create("li.rep", Role.SALES_REP, null);
        UserSummary marketer = people.create("chen.mkt", Role.MARKETING, null);
        Api machine = Api.at(port).asAdminWithScopes("leads:write", "activities:write", "read");
        String email = "wang.fang." + UUID.randomUUID().toString().substring(0, 8) + "@huaxin-tech.cn";
        clock.setTo(MONDAY_MORNING);

        // A form fill on a content campaign, enriched by the marketing system with company data.
        String formKey = campaignForm();
        assertThat(submitForm(formKey, Map.of("name", "王芳", "email", email, "company", "华信科技",
                "title", "IT总监", "consent", "yes")).statusCode()).isEqualTo(200);
        UUID lead = leads.search(new LeadQuery(email, null, null, null, false, null, null, null, null, null, null,
                10)).items().get(0).id();
        machine.post("/api/v1/leads", Map.of("email", email, "companySize", "1000-4999", "industry", "制造业"));

        // Engagement pushes the score over the MQL threshold.
        clock.advance(Duration.ofHours(1));
        activities(machine, email, "CONTENT_DOWNLOADED", "WEBINAR_ATTENDED", "EVENT_CHECKED_IN");
        await().atMost(PATIENCE).until(() -> stageOf(lead).equals("MQL"));
        Instant becameMql = clock.instant();

        // The SDR claims it, calls with a recording, qualifies and transfers it.
        clock.advance(Duration.ofMinutes(20));
        WebSession sdrSession = people.session(port, sdr);
        sdrSession.get("/sdr");
        assertThat(sdrSession.post("/sdr/leads/" + lead + "/claim", Map.of()).status()).isEqualTo(302);
        sdrSession.get("/sdr/leads/" + lead);
        assertThat(sdrSession.upload("/sdr/leads/" + lead + "/calls", Map.of("disposition", "QUALIFIED",
                "notes", "Evaluating MES upgrades for two plants"), "recording", "call.wav", AudioSamples.wav())
                .location()).endsWith("/sdr/leads/" + lead);
        sdrSession.get("/sdr/leads/" + lead);
        sdrSession.post("/sdr/leads/" + lead + "/qualification", Map.of("budget", "¥800k approved",
                "authority", "Wang Fang decides with the CIO", "need", "Replace the plant MES", "timeline", "Q1"));
        sdrSession.get("/sdr/leads/" + lead);
        sdrSession.post("/sdr/leads/" + lead + "/transfer", Map.of("rep", rep.id().toString(),
                "notes", "Hot: wants a demo next week"));
        assertThat(leads.find(lead).orElseThrow().lead().pendingRepId()).isEqualTo(rep.id());
        await().atMost(PATIENCE).until(() -> inbox.latest(rep.id(), 10).stream()
                .anyMatch(n -> n.kind().equals("TRANSFERRED_TO_YOU")));

        // The rep rejects it with a reason; it returns to marketing's Nurture.
        clock.advance(Duration.ofHours(2));
        Instant rejectedAt = clock.instant();
        WebSession repSession = people.session(port, rep);
        UUID firstHandoff = handoffOf(lead, "PENDING");
        repSession.get("/handoffs/" + firstHandoff);
        repSession.post("/handoffs/" + firstHandoff + "/reject", Map.of("reason", "NO_BUDGET",
                "comment", "Budget frozen until the merger closes"));
        assertThat(stageOf(lead)).isEqualTo("NURTURE");

        // Marketing and the SDR see why.
        WebSession marketing = people.session(port, marketer);
        assertThat(marketing.get("/leads/" + lead + "/handoffs").body()).contains("No budget")
                .contains("Budget frozen until the merger closes");
        await().atMost(PATIENCE).until(() -> inbox.latest(sdr.id(), 10).stream()
                .anyMatch(n -> n.kind().equals("TRANSFER_REJECTED") && n.param("reason").equals("NO_BUDGET")));

        // Weeks later the budget is back: more engagement makes it an MQL again.
        clock.advance(Duration.ofDays(20));
        activities(machine, email, "WEBINAR_ATTENDED", "CONTENT_DOWNLOADED", "CONTENT_DOWNLOADED");
        await().atMost(PATIENCE).until(() -> stageOf(lead).equals("MQL"));
        Instant mqlAgain = clock.instant();
        await().atMost(PATIENCE).until(() -> inbox.latest(sdr.id(), 10).stream()
                .anyMatch(n -> n.kind().equals("BECAME_MQL")));

        // The SDR transfers again; this time the rep accepts.
        clock.advance(Duration.ofMinutes(30));
        sdrSession.get("/sdr/leads/" + lead);
        sdrSession.post("/sdr/leads/" + lead + "/transfer", Map.of("rep", rep.id().toString(),
                "notes", "Budget approved again, CIO joins the demo"));
        clock.advance(Duration.ofHours(1));
        Instant acceptedAt = clock.instant();
        UUID secondHandoff = handoffOf(lead, "PENDING");
        repSession.get("/handoffs/" + secondHandoff);
        repSession.post("/handoffs/" + secondHandoff + "/accept", Map.of());
        assertThat(stageOf(lead)).isEqualTo("SAL");
        assertThat(leads.find(lead).orElseThrow().lead().ownerId()).isEqualTo(rep.id());
        assertThat(leads.find(lead).orElseThrow().outreachPaused()).isTrue();

        // The rep qualifies it, opens an opportunity and wins it.
        clock.advance(Duration.ofDays(3));
        Instant sqlAt = clock.instant();
        repSession.get("/leads/" + lead);
        repSession.post("/leads/" + lead + "/stage", Map.of("stage", "SQL", "reason", "Demo went well"));
        clock.advance(Duration.ofDays(1));
        Instant opportunityAt = clock.instant();
        repSession.get("/leads/" + lead);
        String opened = repSession.post("/leads/" + lead + "/opportunities", Map.of("name", "华信 MES",
                "amount", "800000", "currency", "CNY", "expectedClose", "2027-01-31")).location();
        assertThat(opened).contains("/opportunities/");
        String opportunity = opened.substring(opened.indexOf("/opportunities/"));
        clock.advance(Duration.ofDays(30));
        Instant wonAt = clock.instant();
        repSession.get(opportunity);
        repSession.post(opportunity + "/won", Map.of("amount", "760000", "wonOn", "2027-01-28"));

        assertThat(stageOf(lead)).isEqualTo("WON");
        assertThat(jdbc.sql("select amount from sales_order o join opportunity_contact c"
                + " on c.opportunity_id = o.opportunity_id where c.lead_id = :lead").param("lead", lead)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("760000");
        List<StageChangeView> history = leads.stageHistory(lead);
        assertThat(history).extracting(StageChangeView::from, StageChangeView::to, StageChangeView::at,
                StageChangeView::actor).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("LEAD", "MQL", becameMql, "scoring"),
                        org.assertj.core.groups.Tuple.tuple("MQL", "NURTURE", rejectedAt, rep.username()),
                        org.assertj.core.groups.Tuple.tuple("NURTURE", "MQL", mqlAgain, "scoring"),
                        org.assertj.core.groups.Tuple.tuple("MQL", "SAL", acceptedAt, rep.username()),
                        org.assertj.core.groups.Tuple.tuple("SAL", "SQL", sqlAt, rep.username()),
                        org.assertj.core.groups.Tuple.tuple("SQL", "OPPORTUNITY", opportunityAt, rep.username()),
                        org.assertj.core.groups.Tuple.tuple("OPPORTUNITY", "WON", wonAt, rep.username()));
        assertThat(history.get(1).reason()).contains("NO_BUDGET").contains("Budget frozen");
        assertThat(history.get(1).source()).isEqualTo("handoff");
        assertThat(history.get(0).rule()).isEqualTo("scoring:threshold");
        assertThat(history.get(6).rule()).isEqualTo("opportunity:won");
        assertThat(leads.stageDates(lead)).containsEntry("MQL", becameMql).containsEntry("WON", wonAt);
        assertThat(jdbc.sql("select status from handoff where lead_id = :lead order by transferred_at")
                .param("lead", lead).query(String.class).list()).containsExactly("REJECTED", "ACCEPTED");
        assertThat(jdbc.sql("select count(*) from call_recording where lead_id = :lead").param("lead", lead)
                .query(Long.class).single()).isEqualTo(1);
    }

    private String stageOf(UUID lead) {
        return leads.find(lead).orElseThrow().lead().stage();
    }

    private UUID handoffOf(UUID lead, String status) {
        return jdbc.sql("select id from handoff where lead_id = :lead and status = :status").param("lead", lead)
                .param("status", status).query(UUID.class).single();
    }

    private String campaignForm() {
        UUID campaign = transactions.execute(tx -> campaigns.planCampaign(new CampaignDetails("白皮书 "
                + UUID.randomUUID(), CampaignType.CONTENT, "web", null, null, null, null, null, null, null, null, true,
                null, "我同意接收产品资讯"), Actor.SYSTEM)).id();
        return jdbc.sql("select form_key from campaign where id = :id").param("id", campaign).query(String.class)
                .single();
    }

    private HttpResponse<String> submitForm(String formKey, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/f/"
                + formKey)).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void activities(Api api, String email, String... types) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            batch.add(Map.of("eventId", UUID.randomUUID().toString(), "type", types[i],
                    "occurredAt", clock.instant().minusSeconds(60 - i).toString(), "email", email));
        }
        assertThat(api.post("/api/v1/activities/batch", Map.of("activities", batch)).status()).isEqualTo(200);
    }
}
