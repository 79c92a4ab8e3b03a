package io.tandem.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class LeadCaptureApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void token() {
        api = Api.at(port).asAdminWithScopes("leads:write", "read", "activities:write");
    }

    static String unique(String local) {
        return local + "." + UUID.randomUUID().toString().substring(0, 8) + "@example-corp.cn";
    }

    @Test
    void theSameEmailTwiceIsOneLeadCreatedThenUpdated() {
        String email = unique("li.na");
        Api.Response first = api.post("/api/v1/leads", Map.of("name", "李娜", "email", email, "company", "Example"));
        Api.Response second = api.post("/api/v1/leads", Map.of("email", "  " + email.toUpperCase() + " ",
                "title", "CTO"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("result").asString()).isEqualTo("created");
        assertThat(first.header("Location")).isEqualTo("/api/v1/leads/" + first.json().get("id").asString());
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("result").asString()).isEqualTo("updated");
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());

        JsonNode lead = api.get("/api/v1/leads/" + first.json().get("id").asString()).json();
        assertThat(lead.get("lead").get("name").asString()).isEqualTo("李娜");
        assertThat(lead.get("lead").get("title").asString()).isEqualTo("CTO");
    }

    @Test
    void theSameMobileNumberInAnyNotationIsTheSamePerson() {
        String mobile = "139" + String.format("%08d", (long) (Math.random() * 100_000_000L));
        Api.Response first = api.post("/api/v1/leads", Map.of("name", "张伟", "phone", mobile));
        Api.Response second = api.post("/api/v1/leads", Map.of("phone", "+86 " + mobile.substring(0, 3) + " "
                + mobile.substring(3, 7) + " " + mobile.substring(7)));
        Api.Response third = api.post("/api/v1/leads", Map.of("phone", "0086-" + mobile));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(third.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        JsonNode lead = api.get("/api/v1/leads/" + first.json().get("id").asString()).json();
        assertThat(lead.get("lead").get("phone").asString()).isEqualTo("+86" + mobile);
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstAnswerAndRefusesAnotherBody() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("email", unique("retry"), "name", "Retry");
        Api.Response first = api.post("/api/v1/leads", body, Map.of("Idempotency-Key", key));
        Api.Response replay = api.post("/api/v1/leads", body, Map.of("Idempotency-Key", key));
        Api.Response other = api.post("/api/v1/leads", Map.of("email", unique("other")),
                Map.of("Idempotency-Key", key));

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.json().get("detail").asString()).contains("already used with a different request body");
        assertThat(jdbc.sql("select count(*) from lead where email = :e").param("e", body.get("email"))
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void aBatchWritesTheValidItemsAndReportsEachInvalidOne() {
        String shared = "137" + String.format("%08d", (long) (Math.random() * 100_000_000L));
        List<Map<String, Object>> leads = List.of(
                Map.of("email", unique("a"), "phone", shared, "name", "A"),
                Map.of("email", "not-an-email", "name", "Broken"),
                Map.of("email", unique("b"), "phone", shared),
                Map.of("name", "Nobody"),
                Map.of("email", unique("c"), "title", "Head\u0007of IT"),
                Map.of("email", unique("d"), "title", "Head\tof IT"));
        Api.Response response = api.post("/api/v1/leads/batch", Map.of("leads", leads));

        assertThat(response.status()).isEqualTo(207);
        JsonNode body = response.json();
        assertThat(body.get("created").asLong()).isEqualTo(2);
        assertThat(body.get("updated").asLong()).isEqualTo(1);
        assertThat(body.get("invalid").asLong()).isEqualTo(3);
        JsonNode results = body.get("results");
        assertThat(results.get(0).get("result").asString()).isEqualTo("created");
        assertThat(results.get(2).get("id").asString())
                .as("rows sharing a mobile number are one person").isEqualTo(results.get(0).get("id").asString());
        assertThat(results.get(1).get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertThat(results.get(3).get("errors").get(0).get("message").asString()).contains("email address");
        assertThat(results.get(4).get("errors").get(0).get("field").asString()).isEqualTo("title");
        assertThat(results.get(5).get("result").asString()).as("a tab is text, not a control character")
                .isEqualTo("created");

        JsonNode lead = api.get("/api/v1/leads/" + results.get(0).get("id").asString()).json();
        assertThat(lead.get("emails")).hasSize(2);
    }

    @Test
    void aBatchOverTheLimitIsRefusedWith413() {
        List<Map<String, Object>> leads = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            leads.add(Map.of("email", "too-many-" + i + "@example.com"));
        }
        Api.Response response = api.post("/api/v1/leads/batch", Map.of("leads", leads));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("at most 1000");
        assertThat(jdbc.sql("select count(*) from lead where email = 'too-many-0@example.com'").query(Long.class)
                .single()).isZero();
    }

    @Test
    void unknownFieldsWrongTypesAndBrokenJsonNameWhatIsWrong() {
        Api.Response unknown = api.post("/api/v1/leads", Map.of("email", unique("x"), "nmae", "typo"));
        Map<String, Object> wrongType = new HashMap<>();
        wrongType.put("email", unique("y"));
        wrongType.put("tags", 42);
        Api.Response wrongTyped = api.post("/api/v1/leads/batch", Map.of("leads", List.of(wrongType)));
        Api.Response broken = api.post("/api/v1/leads", "{\"email\": ");
        Api.Response badEmail = api.post("/api/v1/leads", Map.of("email", "wang@@example"));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("nmae");
        assertThat(unknown.json().get("detail").asString()).contains("not a known field");
        assertThat(wrongTyped.status()).isEqualTo(400);
        assertThat(wrongTyped.json().get("errors").get(0).get("field").asString()).isEqualTo("leads[0].tags");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asString()).contains("not valid JSON");
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
    }

    @Test
    void withoutAValidTokenOrScopeNothingHappens() {
        Api.Response anonymous = Api.at(port).post("/api/v1/leads", Map.of("email", unique("anon")));
        Api.Response wrongToken = Api.at(port).withToken("tdm_" + "x".repeat(43))
                .post("/api/v1/leads", Map.of("email", unique("anon")));
        Api.Response readOnly = Api.at(port).asAdminWithScopes("read")
                .post("/api/v1/leads", Map.of("email", unique("anon")));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.contentType()).startsWith("application/problem+json");
    }

    @Test
    void listsFilterBySearchAndPageByCursor() {
        String company = "Cursor Paging " + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 5; i++) {
            api.post("/api/v1/leads", Map.of("email", unique("page" + i), "company", company, "name", "P" + i));
        }
        Api.Response first = api.get("/api/v1/leads?q=" + company.replace(" ", "%20") + "&limit=3");
        JsonNode firstPage = first.json();
        Api.Response second = api.get("/api/v1/leads?q=" + company.replace(" ", "%20") + "&limit=3&cursor="
                + firstPage.get("nextCursor").asString());

        assertThat(firstPage.get("items")).hasSize(3);
        assertThat(second.json().get("items")).hasSize(2);
        assertThat(second.json().has("nextCursor")).isFalse();
        List<String> ids = new ArrayList<>();
        firstPage.get("items").forEach(item -> ids.add(item.get("id").asString()));
        second.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        assertThat(ids).doesNotHaveDuplicates().hasSize(5);
    }
}
