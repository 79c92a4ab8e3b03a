package io.tandem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.lead.LeadDirectory;
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

/**
 * An SDR qualifies two MQLs in the browser — notes, a call recording, BANT — and transfers them out; the rep
 * rejects the first with a reason and accepts the second.
 */
@IntegrationTest
class HandoffBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    LeadStages stages;
    @Autowired
    LeadDirectory leads;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anSdrTransfersOutAndTheRepRejectsOneAndAcceptsTheOther() throws Exception {
        People people = new People(users, transactions);
        UserSummary sdr = people.create("sun.sdr", Role.SDR, null);
        UserSummary rep = people.create("zhao.rep", Role.SALES_REP, null);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        UUID first = mql("刘洋" + tag, "liu." + tag + "@yunfan-data.com");
        UUID second = mql("陈静" + tag, "chen." + tag + "@huaxin-tech.cn");
        Path recording = Files.createTempFile("call", ".wav");
        Files.write(recording, AudioSamples.wav());

        browser = Chromium.start("en");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(sdr, wait);
        for (UUID lead : new UUID[] { first, second }) {
            browser.get(url("/sdr"));
            click(By.cssSelector("form[action='/sdr/leads/" + lead + "/claim'] button"));
            wait.until(ExpectedConditions.urlContains("/sdr/leads/" + lead));

            browser.findElement(By.id("t-notes")).sendKeys("Wants pricing for 3 plants");
            new Select(browser.findElement(By.id("t-rep"))).selectByVisibleText(rep.displayName());
            click(By.id("transfer-button"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flash-error")));
            assertThat(browser.findElement(By.id("flash-error")).getText()).contains("budget");

            browser.findElement(By.cssSelector("#call-form select[name=disposition]")).sendKeys("Qualified");
            browser.findElement(By.cssSelector("#call-form textarea[name=notes]")).sendKeys("Call with the CIO");
            browser.findElement(By.cssSelector("#call-form input[name=recording]"))
                    .sendKeys(recording.toAbsolutePath().toString());
            click(By.cssSelector("#call-form button"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-success"),
                    "call was logged"));
            assertThat(browser.findElements(By.cssSelector("#call-log audio"))).hasSize(1);

            browser.findElement(By.id("q-budget")).sendKeys("¥500k this year");
            browser.findElement(By.id("q-authority")).sendKeys("CIO signs");
            browser.findElement(By.id("q-need")).sendKeys("MES for 3 plants");
            browser.findElement(By.id("q-timeline")).sendKeys("Q2");
            click(By.cssSelector("#qualification-form button"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-success"),
                    "qualification was saved"));
            assertThat(browser.findElement(By.id("q-budget")).getAttribute("value")).isEqualTo("¥500k this year");

            new Select(browser.findElement(By.id("t-rep"))).selectByVisibleText(rep.displayName());
            browser.findElement(By.id("t-notes")).sendKeys("Hot lead, CIO on the call");
            if (lead.equals(first)) {
                Chromium.screenshot(browser, "handoff-1-sdr-before-transfer");
            }
            click(By.id("transfer-button"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoff-history"),
                    "Awaiting answer"));
        }
        Chromium.screenshot(browser, "handoff-2-sdr-transferred");
        browser.quit();

        browser = Chromium.start("zh-CN");
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(rep, wait);
        // Notifications arrive through the event registry after the transfers commit; the bell shows them on load.
        wait.until(driver -> {
            browser.get(url("/sales"));
            return new WebDriverWait(browser, Duration.ofSeconds(2)).until(ExpectedConditions
                    .presenceOfElementLocated(By.id("bell-count"))).getText().equals("2");
        });
        assertThat(browser.findElement(By.id("pending-handoffs")).getText()).contains("刘洋" + tag)
                .contains("陈静" + tag);
        Chromium.screenshot(browser, "handoff-3-rep-inbox");

        browser.get(url("/handoffs/" + pendingHandoff(first)));
        assertThat(browser.findElement(By.id("handoff-qualification")).getText()).contains("MES for 3 plants");
        assertThat(browser.findElements(By.tagName("audio"))).isNotEmpty();
        click(By.id("reject-button"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flash-error")));
        assertThat(browser.findElement(By.id("flash-error")).getText()).contains("请选择原因");
        new Select(browser.findElement(By.id("r-reason"))).selectByValue("NO_BUDGET");
        browser.findElement(By.id("r-comment")).sendKeys("预算冻结到明年");
        Chromium.screenshot(browser, "handoff-4-rep-rejects");
        click(By.id("reject-button"));
        wait.until(ExpectedConditions.urlToBe(url("/sales")));

        browser.get(url("/handoffs/" + pendingHandoff(second)));
        click(By.id("accept-button"));
        wait.until(ExpectedConditions.urlToBe(url("/leads/" + second)));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("outreach-paused")));
        assertThat(browser.findElement(By.cssSelector(".badge.text-bg-primary")).getText()).contains("SAL");
        Chromium.screenshot(browser, "handoff-5-rep-accepted");

        assertThat(leads.find(first).orElseThrow().lead().stage()).isEqualTo(Stage.NURTURE);
        assertThat(leads.find(second).orElseThrow().lead().stage()).isEqualTo(Stage.SAL);
        assertThat(leads.find(second).orElseThrow().lead().ownerId()).isEqualTo(rep.id());
        browser.quit();

        browser = Chromium.start("en");
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        signIn(sdr, wait);
        browser.get(url("/leads/" + first));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("handoff-panel"), "No budget"));
        assertThat(browser.findElement(By.id("handoff-panel")).getText()).contains("预算冻结到明年");
        Chromium.screenshot(browser, "handoff-6-feedback-for-marketing");
    }

    private UUID mql(String name, String email) {
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("name", name, "email", email, "company", "云帆数据", "title", "CIO")).json().get("id")
                .asString());
        transactions.executeWithoutResult(tx -> stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM));
        return lead;
    }

    private UUID pendingHandoff(UUID lead) {
        return jdbc.sql("select id from handoff where lead_id = :lead and status = 'PENDING'").param("lead", lead)
                .query(UUID.class).single();
    }

    private void signIn(UserSummary user, WebDriverWait wait) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user.username());
        browser.findElement(By.id("password")).sendKeys(People.PASSWORD);
        click(By.cssSelector("button[type=submit]"));
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    /** Scrolls the element into view at once (Bootstrap makes scrolling smooth, which would race the click). */
    private void click(By locator) {
        org.openqa.selenium.WebElement element = browser.findElement(locator);
        browser.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
