package io.tandem.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lead.LeadDirectory;
import io.tandem.lead.StageChangeView;
import io.tandem.lifecycle.Stage;
import io.tandem.scoring.internal.Rescorer;
import io.tandem.scoring.internal.ScoringRules;
import io.tandem.scoring.internal.ScoringService;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;

@IntegrationTest
class ScoringTests {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    LeadDirectory leads;
    @Autowired
    ScoringService scoring;
    @Autowired
    ScoringRules rules;
    @Autowired
    Rescorer rescorer;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Api api() {
        return Api.at(port).asAdminWithScopes("leads:write", "activities:write", "read");
    }

    @AfterEach
    void realTime() {
        clock.followRealTime();
    }

    static String email(String local) {
        return local + "." + UUID.randomUUID().toString().substring(0, 8) + "@huaxin-tech.cn";
    }

    UUID lead(Api api, String email, String title, String size) {
        return UUID.fromString(api.post("/api/v1/leads", Map.of("email", email, "title", title, "companySize", size,
                "industry", "制造业")).json().get("id").asString());
    }

    void activities(Api api, String email, String type, int count, Instant at) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Map.of("eventId", UUID.randomUUID().toString(), "type", type,
                    "occurredAt", at.plusSeconds(i).toString(), "email", email));
        }
        assertThat(api.post("/api/v1/activities/batch", Map.of("activities", batch)).status()).isEqualTo(200);
    }

    LeadScore scoreOf(UUID lead) {
        return scoring.of(lead).orElseThrow();
    }

    @Test
    void aGoodFitWithEnoughEngagementBecomesAnMqlOnItsOwn() {
        Api api = api();
        String email = email("fit");
        UUID lead = lead(api, email, "IT总监", "1000-4999");
        Instant now = Instant.now();

        activities(api, email, "CONTENT_DOWNLOADED", 2, now.minusSeconds(60));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scoreOf(lead).grade()).isEqualTo("A"));
        assertThat(leads.find(lead).orElseThrow().lead().stage()).isEqualTo(Stage.LEAD);

        activities(api, email, "CONTENT_DOWNLOADED", 1, now.minusSeconds(40));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scoreOf(lead).engagementNow())
                .as("a third download the same day is over the cap").isBetween(29.9, 30.0));
        activities(api, email, "WEBINAR_ATTENDED", 1, now.minusSeconds(30));
        activities(api, email, "EVENT_CHECKED_IN", 1, now.minusSeconds(20));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(leads.find(lead).orElseThrow().lead().stage())
                .isEqualTo(Stage.MQL));
        assertThat(leads.stageHistory(lead)).extracting(StageChangeView::rule).containsExactly("scoring:threshold");
        assertThat(scoreOf(lead).engagementNow()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void aDemoRequestMakesAnMqlAtOnceWhateverTheScore() {
        Api api = api();
        String email = email("hand");
        UUID lead = lead(api, email, "Engineer", "1-49");

        activities(api, email, "DEMO_REQUESTED", 1, Instant.now().minusSeconds(5));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(leads.find(lead).orElseThrow().lead().stage())
                .isEqualTo(Stage.MQL));
        assertThat(leads.stageHistory(lead)).singleElement().satisfies(change -> {
            assertThat(change.rule()).isEqualTo("scoring:hand-raiser");
            assertThat(change.reason()).isEqualTo("DEMO_REQUESTED");
            assertThat(change.actor()).isEqualTo("scoring");
        });
    }

    @Test
    void pageViewsCountOnlyUpToTheirDailyCapAndEveryScoreExplainsItself() {
        Api api = api();
        String email = email("cap");
        UUID lead = lead(api, email, "Engineer", "1-49");
        Instant morning = Instant.now().minusSeconds(3_600);

        activities(api, email, "PAGE_VIEW", 30, morning);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scoreOf(lead).engagementNow())
                .isBetween(9.9, 10.0));
        LeadScore explained = scoring.explain(lead).orElseThrow();
        assertThat(explained.recent()).hasSize(5).allSatisfy(c -> assertThat(c.label()).isEqualTo("Page view"));
        assertThat(explained.fitReasons()).extracting(Contribution::label).contains("Corporate email",
                "Target industry");
    }

    @Test
    void engagementFadesWithTheHalfLife() {
        Api api = api();
        String email = email("decay");
        UUID lead = lead(api, email, "Engineer", "1-49");
        Instant start = Instant.parse("2026-02-01T02:00:00Z");
        clock.setTo(start);
        activities(api, email, "WEBINAR_ATTENDED", 1, start);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scoreOf(lead).engagementNow()).isEqualTo(20));

        clock.setTo(start.plus(Duration.ofDays(rules.settings().halfLifeDays())));

        assertThat(scoreOf(lead).engagementNow()).isCloseTo(10, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void aRuleChangeRescoresEveryLeadInTheBackground() {
        Api api = api();
        String email = email("rescore");
        UUID lead = lead(api, email, "采购经理 " + UUID.randomUUID(), "1-49");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scoring.of(lead)).isPresent());
        int before = scoreOf(lead).fitPoints();
        String title = leads.find(lead).orElseThrow().lead().title();
        Actor admin = new Actor(null, "admin", "127.0.0.1");

        ScoringRule added = transactions.execute(tx -> rules.add(new ScoringRule(null, RuleKind.FIT,
                "This very title", "title", FitOperator.EQUALS, title, null, null, 33, null, true), admin));
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Rescorer.Job job = rescorer.latest().orElseThrow();
                assertThat(job.status()).isEqualTo("COMPLETED");
                assertThat(job.rulesetVersion()).isEqualTo(rules.settings().rulesetVersion());
                assertThat(job.processed()).isEqualTo(job.total());
            });
            assertThat(scoreOf(lead).fitPoints()).isEqualTo(before + 33);
        } finally {
            transactions.executeWithoutResult(tx -> rules.setActive(added.id(), false, admin));
        }
    }
}
