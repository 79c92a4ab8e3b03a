package io.tandem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.handoff.Handoffs;
import io.tandem.handoff.Qualification;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.sla.internal.SlaTimers;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.MutableClock;
import io.tandem.support.People;

/**
 * A sales manager opens the SLA board and sees the team's clocks: one MQL overdue and escalated to them, one still
 * running, one transfer awaiting the rep's answer; then the overdue lead's own page shows its clock.
 */
@IntegrationTest
class SlaBrowserTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    LeadStages stages;
    @Autowired
    Handoffs handoffs;
    @Autowired
    SlaTimers timers;

    ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        clock.followRealTime();
    }

    @Test
    void aManagerSeesTheTeamsClocksAndBreaches() throws Exception {
        People people = new People(users, transactions);
        UUID team = people.team("Inside sales");
        UserSummary manager = people.create("yang.manager", Role.SALES_MANAGER, team);
        UserSummary sdr = people.create("song.sdr", Role.SDR, team);
        UserSummary rep = people.create("lu.rep", Role.SALES_REP, team);
        transactions.executeWithoutResult(tx -> users.updateTeam(team, "Inside sales " + team, manager.id(),
                Actor.SYSTEM));
        String tag = UUID.randomUUID().toString().substring(0, 6);

        clock.setTo(at("2026-11-23T09:00"));
        UUID overdue = claimedMql("郑浩" + tag, sdr);
        UUID transferred = claimedMql("冯雪" + tag, sdr);
        transactions.executeWithoutResult(tx -> {
            handoffs.saveQualification(transferred, new Qualification("¥1m", "CTO", "IoT platform", "Q2", Map.of()),
                    Actor.SYSTEM);
            handoffs.transfer(transferred, sdr.id(), rep.id(), "second meeting booked", Actor.SYSTEM);
        });
        clock.setTo(at("2026-11-23T10:45"));
        UUID running = claimedMql("曹颖" + tag, sdr);
        clock.setTo(at("2026-11-23T11:05"));
        timers.fireDue();

        browser = Chromium.start("en");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(manager.username());
        browser.findElement(By.id("password")).sendKeys(People.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.findElement(By.linkText("SLA board")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("running-clocks")));
        assertThat(stateOf("running-clocks", overdue)).isEqualTo("BREACHED");
        assertThat(stateOf("running-clocks", running)).isEqualTo("RUNNING");
        assertThat(stateOf("running-clocks", transferred)).isEqualTo("RUNNING");
        assertThat(row("running-clocks", transferred).getText()).contains("Transfer accepted or rejected")
                .contains("lu.rep");
        assertThat(browser.findElement(By.id("recent-breaches")).getText()).contains("郑浩" + tag)
                .contains("escalated to yang.manager");
        assertThat(Integer.parseInt(browser.findElement(By.id("count-breached")).getText())).isGreaterThanOrEqualTo(1);
        Chromium.screenshot(browser, "sla-1-manager-board");

        row("running-clocks", overdue).findElement(By.tagName("a")).click();
        WebElement panel = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sla-panel")));
        assertThat(panel.getText()).contains("MQL worked by an SDR").contains("Overdue").contains("song.sdr");
        Chromium.screenshot(browser, "sla-2-lead-clock");

        browser.get(url("/sla/report?from=2026-11-23&to=2026-11-23&team=" + team));
        assertThat(browser.findElement(By.id("sla-report")).getText()).contains("song.sdr")
                .contains("MQL worked by an SDR");
        Chromium.screenshot(browser, "sla-3-report");
    }

    private WebElement row(String table, UUID lead) {
        return browser.findElement(By.cssSelector("#" + table + " tr[data-lead='" + lead + "']"));
    }

    private String stateOf(String table, UUID lead) {
        return row(table, lead).findElement(By.cssSelector(".sla-state")).getAttribute("data-state");
    }

    private UUID claimedMql(String name, UserSummary sdr) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("name", name, "email", "sla." + tag + "@jinqiao-energy.cn", "company", "金桥能源")).json()
                .get("id").asString());
        transactions.executeWithoutResult(tx -> {
            stages.move(lead, Stage.MQL, "demo request", "test", Actor.SYSTEM);
            handoffs.claim(lead, sdr.id(), Actor.SYSTEM);
        });
        return lead;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    static Instant at(String shanghaiTime) {
        return LocalDateTime.parse(shanghaiTime).atZone(SHANGHAI).toInstant();
    }
}
