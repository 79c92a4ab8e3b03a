package io.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.shared.Actor;
import io.tandem.support.IntegrationTest;
import io.tandem.support.WebSession;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTests {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    UserManagement users;

    @Autowired
    UserDirectory directory;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    final String suffix = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    void people() {
        for (Role role : Role.values()) {
            transactions.executeWithoutResult(tx -> users.createUser(new NewUser(username(role), role.name(), null,
                    PASSWORD, EnumSet.of(role), null), Actor.SYSTEM));
        }
    }

    String username(Role role) {
        return role.name().toLowerCase().replace('_', '-') + "-" + suffix;
    }

    WebSession as(Role role) {
        return WebSession.signedIn(port, username(role), PASSWORD);
    }

    @Test
    void withoutSigningInEveryPageSendsYouToTheLoginPage() {
        WebSession.Page page = new WebSession(port, "en").get("/leads");

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.location()).endsWith("/login");
    }

    @Test
    void aWrongPasswordDoesNotSignIn() {
        WebSession session = new WebSession(port, "en");
        session.get("/login");
        WebSession.Page result = session.post("/login", Map.of("username", username(Role.MARKETING),
                "password", "wrong-password!"));

        assertThat(result.location()).contains("/login?error");
    }

    @Test
    void marketingWorksTheLeadPoolButNotTheAdminPages() {
        WebSession marketing = as(Role.MARKETING);

        assertThat(marketing.get("/leads").status()).isEqualTo(200);
        assertThat(marketing.get("/imports").status()).isEqualTo(200);
        assertThat(marketing.get("/campaigns/new").status()).isEqualTo(200);
        assertThat(marketing.get("/admin/users").status()).isEqualTo(403);
        assertThat(marketing.get("/admin/audit").status()).isEqualTo(403);
    }

    @Test
    void executivesAndSdrsReadThePoolButCannotChangeItAndOnlyExecutivesExport() {
        for (Role role : new Role[] { Role.EXECUTIVE, Role.SDR, Role.SALES_MANAGER }) {
            WebSession session = as(role);
            assertThat(session.get("/leads").status()).as(role + " reads").isEqualTo(200);
            assertThat(session.get("/leads/new").status()).as(role + " creates").isEqualTo(403);
            assertThat(session.get("/leads/export?format=csv&q=nobody-matches-this").status()).as(role + " exports")
                    .isEqualTo(role == Role.EXECUTIVE ? 200 : 403);
            assertThat(session.get("/imports").status()).as(role + " imports").isEqualTo(403);
            session.get("/leads");
            assertThat(session.post("/leads/bulk", Map.of("action", "tag", "tag", "x",
                    "ids", UUID.randomUUID().toString())).status()).as(role + " tags").isEqualTo(403);
        }
    }

    @Test
    void salesRepsDoNotSeeMarketingsLeadPool() {
        String email = "pool." + suffix + "@marketing-only.cn";
        String id = io.tandem.support.Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("email", email)).json().get("id").asString();
        WebSession rep = as(Role.SALES_REP);

        assertThat(rep.get("/").location()).as("a rep starts in the sales workspace").endsWith("/sales");
        assertThat(rep.get("/sales").status()).isEqualTo(200);
        assertThat(rep.get("/leads?q=" + email).body()).as("a rep's list holds only their own leads")
                .doesNotContain(id);
        assertThat(as(Role.MARKETING).get("/leads?q=" + email).body()).contains(id);
        assertThat(rep.get("/leads/" + id).status()).isEqualTo(404);
        assertThat(rep.get("/campaigns").status()).isEqualTo(403);
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        WebSession admin = as(Role.ADMIN);
        admin.get("/admin/custom-fields");

        WebSession.Page forged = admin.postWithToken("/admin/custom-fields", Map.of("key", "forged", "labelEn",
                "Forged", "type", "TEXT"), null);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from custom_field where key = 'forged'").query(Long.class).single())
                .isZero();
    }

    @Test
    void anUploadOverTheLimitIsRefusedWithAReadableMessage() {
        WebSession marketing = as(Role.MARKETING);
        marketing.get("/imports");
        byte[] tooLarge = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(tooLarge, (byte) 'a');

        WebSession.Page page = marketing.upload("/imports", "file", "huge.csv", tooLarge);

        assertThat(page.status()).isEqualTo(413);
        assertThat(page.body()).contains("The upload is larger than allowed");
    }

    @Test
    void anUploadThatIsNotASpreadsheetIsRefusedOnThePage() {
        WebSession marketing = as(Role.MARKETING);
        marketing.get("/imports");

        WebSession.Page page = marketing.upload("/imports", "file", "photo.csv", new byte[] { 1, 0, 2, 0, 3, 0 });

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("This is not a CSV or Excel file");
    }

    @Test
    void anUnknownPageIsAReadableNotFoundPageAndAnUnknownApiPathAProblem() {
        WebSession.Page page = as(Role.MARKETING).get("/no-such-page");
        io.tandem.support.Api.Response api = io.tandem.support.Api.at(port).asAdminWithScopes("read")
                .get("/api/v1/no-such-thing");
        WebSession.Page unknownLead = as(Role.MARKETING).get("/leads/" + UUID.randomUUID());

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("Not found");
        assertThat(unknownLead.status()).isEqualTo(404);
        assertThat(unknownLead.body()).contains("does not exist");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.contentType()).startsWith("application/problem+json");
    }

    @Test
    void passwordsAreStoredAsArgon2Hashes() {
        String hash = jdbc.sql("select password_hash from app_user where username = :u")
                .param("u", username(Role.MARKETING)).query(String.class).single();

        assertThat(hash).startsWith("{argon2}").doesNotContain(PASSWORD);
    }

    @Test
    void tokenSecretsAreStoredOnlyAsHashes() {
        WebSession admin = as(Role.ADMIN);
        admin.get("/account/tokens");
        WebSession.Page created = admin.post("/account/tokens", Map.of("name", "hash-check", "scopes", "read"));
        String secret = created.body().replaceAll("(?s).*id=\"new-token\">(tdm_[^<]+)<.*", "$1");

        assertThat(secret).startsWith("tdm_");
        assertThat(jdbc.sql("select count(*) from api_token where token_hash = :s or token_prefix = :s")
                .param("s", secret).query(Long.class).single()).isZero();
        assertThat(admin.get("/account/tokens").body()).doesNotContain(secret);
    }

    @Test
    void theLanguageFollowsTheBrowserAndTheUsersChoice() {
        WebSession chinese = new WebSession(port, "zh-CN,zh;q=0.9");
        assertThat(chinese.get("/login").body()).contains("登录");

        WebSession marketing = as(Role.MARKETING);
        assertThat(marketing.get("/leads").body()).contains("Lead pool");
        marketing.post("/account/language", Map.of("lang", "zh-CN"));
        assertThat(marketing.get("/leads").body()).contains("线索池");
        assertThat(directory.findByUsername(username(Role.MARKETING))).isPresent();
    }
}
