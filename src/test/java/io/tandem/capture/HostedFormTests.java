package io.tandem.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.campaign.CampaignType;
import io.tandem.capture.internal.FormRateLimiter;
import io.tandem.shared.Actor;
import io.tandem.support.IntegrationTest;

@IntegrationTest
class HostedFormTests {

    @LocalServerPort
    int port;

    @Autowired
    CampaignManagement campaigns;
    @Autowired
    CampaignCatalog catalog;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    String formKey;
    UUID campaignId;

    @BeforeEach
    void campaignWithForm() {
        campaignId = transactions.execute(tx -> campaigns.planCampaign(new CampaignDetails("Form " + UUID.randomUUID(),
                CampaignType.CONTENT, "web", null, null, null, null, null, null, null, null, true, null,
                "我同意接收产品资讯 / I agree to product news"), Actor.SYSTEM)).id();
        formKey = jdbc.sql("select form_key from campaign where id = :id").param("id", campaignId)
                .query(String.class).single();
    }

    HttpResponse<String> submit(Map<String, String> fields, String accept) throws IOException, InterruptedException {
        return submit(fields, accept, "en");
    }

    HttpResponse<String> submit(Map<String, String> fields, String accept, String language)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/f/"
                + formKey)).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", accept)
                .header("Accept-Language", language)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSubmissionCapturesTheLeadWithConsentMembershipAndActivity() throws Exception {
        String email = "form." + UUID.randomUUID() + "@example-corp.cn";

        HttpResponse<String> response = submit(Map.of("name", "王芳", "email", email, "company", "示例科技",
                "consent", "yes", "utm_source", "wechat", "intent", "demo"), "text/html");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Thank you");
        UUID leadId = jdbc.sql("select id from lead where email = :e").param("e", email).query(UUID.class).single();
        assertThat(jdbc.sql("select source from lead where id = :id").param("id", leadId).query(String.class)
                .single()).isEqualTo("web_form");
        assertThat(jdbc.sql("select granted from lead_consent where lead_id = :id").param("id", leadId)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select text_version from lead_consent where lead_id = :id").param("id", leadId)
                .query(String.class).single()).isEqualTo(catalog.hostedForm(formKey).orElseThrow().consentTextVersion());
        assertThat(jdbc.sql("select status from campaign_member where lead_id = :id").param("id", leadId)
                .query(String.class).single()).isEqualTo("RESPONDED");
        assertThat(jdbc.sql("select type from activity where lead_id = :id").param("id", leadId).query(String.class)
                .single()).isEqualTo("DEMO_REQUESTED");
    }

    @Test
    void aBotFillingTheHoneypotIsThankedAndIgnored() throws Exception {
        String email = "bot." + UUID.randomUUID() + "@example-corp.cn";

        HttpResponse<String> response = submit(Map.of("email", email, "website", "http://spam.example"),
                "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ok\"");
        assertThat(jdbc.sql("select count(*) from lead where email = :e").param("e", email).query(Long.class)
                .single()).isZero();
    }

    @Test
    void anInvalidEmailIsShownBackOnTheForm() throws Exception {
        HttpResponse<String> page = submit(Map.of("name", "<script>alert(1)</script>", "email", "not-an-email"),
                "text/html");
        HttpResponse<String> json = submit(Map.of("email", "not-an-email"), "application/json");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("not a valid email address");
        assertThat(page.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(submit(Map.of("email", "not-an-email"), "text/html", "zh-CN").body())
                .contains("“not-an-email”不是有效的邮箱地址");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("\"field\":\"email\"");
    }

    @Test
    void anUnknownFormIsNotFound() throws Exception {
        formKey = "doesnotexist";
        assertThat(submit(Map.of("email", "x@y.cn"), "text/html").statusCode()).isEqualTo(404);
    }

    @Test
    void oneAddressMayOnlySubmitSoOftenPerMinute() {
        FormRateLimiter limiter = new FormRateLimiter(3);

        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
        assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
    }
}
