package io.tandem.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.lead.LeadDirectory;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ActivityApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LeadDirectory directory;

    Api api;

    @BeforeEach
    void token() {
        api = Api.at(port).asAdminWithScopes("leads:write", "activities:write", "read");
    }

    static Map<String, Object> activity(String eventId, String type, String email) {
        return Map.of("eventId", eventId, "type", type, "occurredAt", "2026-03-01T10:00:00Z", "email", email);
    }

    @Test
    void aRetriedBatchIsRecordedOnceByEventId() {
        String email = "act." + UUID.randomUUID() + "@example-corp.cn";
        List<Map<String, Object>> batch = List.of(activity("e1-" + email, "PAGE_VIEW", email),
                activity("e2-" + email, "EMAIL_OPENED", email));

        JsonNode first = api.post("/api/v1/activities/batch", Map.of("activities", batch)).json();
        JsonNode retry = api.post("/api/v1/activities/batch", Map.of("activities", batch)).json();

        assertThat(first.get("accepted").asInt()).isEqualTo(2);
        assertThat(retry.get("accepted").asInt()).isZero();
        assertThat(retry.get("duplicates").asInt()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from activity a join lead l on l.id = a.lead_id where l.email = :e")
                .param("e", email).query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    void anActivityOfSomebodyUnknownCreatesTheLead() {
        String email = "new." + UUID.randomUUID() + "@example-corp.cn";

        api.post("/api/v1/activities/batch", Map.of("activities", List.of(activity("n-" + email, "CONTENT_DOWNLOADED",
                email))));

        assertThat(jdbc.sql("select source from lead where email = :e").param("e", email).query(String.class)
                .single()).isEqualTo("activity");
    }

    @Test
    void invalidItemsAreReportedOneByOneAndTheRestIsRecorded() {
        String email = "mixed." + UUID.randomUUID() + "@example-corp.cn";
        List<Object> batch = new ArrayList<>();
        batch.add(activity("ok-" + email, "PAGE_VIEW", email));
        batch.add(activity("bad-type-" + email, "PAGEVIEW", email));
        batch.add(Map.of("eventId", "no-person-" + email, "type", "NOTE", "occurredAt", "2026-03-01T10:00:00Z"));
        batch.add(Map.of("eventId", "future-" + email, "type", "NOTE", "occurredAt", "2999-01-01T00:00:00Z",
                "email", email));
        batch.add(activity("custom-" + email, "custom.trial_started", email));

        Api.Response response = api.post("/api/v1/activities/batch", Map.of("activities", batch));

        assertThat(response.status()).isEqualTo(207);
        JsonNode body = response.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("rejections")).hasSize(3);
        assertThat(body.get("rejections").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("rejections").get(0).get("message").asString()).contains("custom.");
        assertThat(body.get("rejections").get(1).get("field").asString()).isEqualTo("leadId");
        assertThat(body.get("rejections").get(2).get("field").asString()).isEqualTo("occurredAt");
    }

    @Test
    void anImpossibleMomentIsRefusedAsAProblemThatNamesItsFieldAndRecordsNothing() {
        String email = "impossible." + UUID.randomUUID() + "@example-corp.cn";
        List<Map<String, Object>> batch = List.of(activity("fine-" + email, "PAGE_VIEW", email),
                Map.of("eventId", "feb30-" + email, "type", "PAGE_VIEW", "occurredAt", "2026-02-30T10:00:00Z",
                        "email", email));

        Api.Response response = api.post("/api/v1/activities/batch", Map.of("activities", batch));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("occurredAt");
        assertThat(jdbc.sql("select count(*) from lead where email = :e").param("e", email).query(Long.class)
                .single()).isZero();
    }

    @Test
    void aBatchOverTheLimitIsRefusedWith413() {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            batch.add(activity("big-" + i, "PAGE_VIEW", "big@example-corp.cn"));
        }

        Api.Response response = api.post("/api/v1/activities/batch", Map.of("activities", batch));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("detail").asString()).contains("5000");
    }

    @Test
    void activitiesOfACampaignRaiseTheMembershipButNeverLowerIt() {
        String campaign = jdbc.sql("""
                insert into campaign (id, name, type, status, created_at, updated_at)
                values (gen_random_uuid(), 'Expo ' || gen_random_uuid(), 'OFFLINE_EVENT', 'ACTIVE', now(), now())
                returning id::text
                """).query(String.class).single();
        String email = "expo." + UUID.randomUUID() + "@example-corp.cn";
        Map<String, Object> checkIn = Map.of("eventId", "in-" + email, "type", "EVENT_CHECKED_IN",
                "occurredAt", "2026-03-02T10:00:00Z", "email", email, "campaignId", campaign);
        Map<String, Object> lateRegistration = Map.of("eventId", "reg-" + email, "type", "EVENT_REGISTERED",
                "occurredAt", "2026-03-03T10:00:00Z", "email", email, "campaignId", campaign);

        api.post("/api/v1/activities/batch", Map.of("activities", List.of(checkIn)));
        api.post("/api/v1/activities/batch", Map.of("activities", List.of(lateRegistration)));

        assertThat(jdbc.sql("""
                select m.status from campaign_member m join lead l on l.id = m.lead_id where l.email = :e
                """).param("e", email).query(String.class).single()).isEqualTo("ATTENDED");
        UUID lead = jdbc.sql("select id from lead where email = :e").param("e", email).query(UUID.class).single();
        assertThat(directory.summaries(List.of(lead)).get(lead).lastActivityAt())
                .isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
    }
}
