package io.tandem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.analytics.AnalyticsFixture;
import io.tandem.security.Role;
import io.tandem.security.UserManagement;
import io.tandem.security.UserSummary;
import io.tandem.support.IntegrationTest;
import io.tandem.support.People;

/**
 * An executive opens each dashboard on a small history, changes a filter (marketing's target share, the breakdown)
 * and the attribution model, follows a figure to its leads and works out a plan. Screenshots go to target/screenshots (copies in docs/screenshots).
 */
@IntegrationTest
class AnalyticsDashboardsBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    UserManagement users;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anExecutiveWalksThroughTheDashboardsAndThePlanner() throws Exception {
        People people = new People(users, transactions);
        UserSummary executive = people.create("zhao.cgo", Role.EXECUTIVE, null);
        AnalyticsFixture data = history();
        String period = "from=2026-01-01&to=2026-03-31&region=" + data.region;

        browser = Chromium.start("en");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(executive.username());
        browser.findElement(By.id("password")).sendKeys(People.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit], form button")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        // executive: KPIs and charts; then a filter: marketing's target share
        browser.get(url("/analytics/executive?" + period));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-funnel canvas")));
        assertThat(browser.findElement(By.id("kpi-pipeline")).getText()).isEqualTo("8,000");
        assertThat(browser.findElement(By.id("kpi-revenue")).getText()).isEqualTo("9,000");
        WebElement share = browser.findElement(By.id("share"));
        share.clear();
        share.sendKeys("60");
        browser.findElement(By.id("apply")).click();
        wait.until(ExpectedConditions.urlContains("share=60"));
        wait.until(driver -> driver.getPageSource().contains("target 60 %"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-contribution canvas")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-flow canvas")));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1700));
        screenshot("analytics-1-executive");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));

        // marketing: the attribution model is a choice on the page
        browser.findElement(By.id("tab-marketing")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-attribution canvas")));
        assertThat(browser.findElement(By.id("attribution-title")).getText()).contains("W-shaped");
        new Select(browser.findElement(By.id("model"))).selectByValue("FIRST_TOUCH");
        browser.findElement(By.id("apply")).click();
        wait.until(ExpectedConditions.urlContains("model=FIRST_TOUCH"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("attribution-title"), "First touch"));
        assertThat(browser.findElement(By.id("attribution")).getText()).contains("Spring webinar " + data.region,
                "8,000.00", "9,000.00");
        screenshot("analytics-2-marketing");

        // sales: break down by source, then follow a figure to its leads
        browser.findElement(By.id("tab-sales")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-velocity canvas")));
        new Select(browser.findElement(By.id("by"))).selectByValue("SOURCE");
        browser.findElement(By.id("apply")).click();
        wait.until(ExpectedConditions.urlContains("by=SOURCE"));
        // the address changes before the new page has replaced the old one: wait for the new table, found afresh
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("breakdown"), "web_form"));
        assertThat(browser.findElement(By.id("breakdown")).getText()).contains("web_form", "manual");
        screenshot("analytics-3-sales");
        browser.findElement(By.cssSelector("#pairs a[href*='reached=MQL']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("drill-leads")));
        assertThat(browser.findElement(By.id("drill-leads")).getText()).contains("Chen Jing", "Liu Yang")
                .doesNotContain("Sun Li");
        screenshot("analytics-4-leads-behind-a-figure");

        // the planner works out a target with defaults from history
        browser.get(url("/planning"));
        WebElement target = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("revenueTarget")));
        target.clear();
        target.sendKeys("12000000");
        browser.findElement(By.id("preview")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-plan canvas")));
        assertThat(browser.findElement(By.id("out-leads")).getText()).isNotBlank();
        assertThat(browser.findElements(By.cssSelector("#channels input[name=channel]"))).hasSize(3);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 2000));
        screenshot("analytics-5-planner");
    }

    private AnalyticsFixture history() {
        AnalyticsFixture data = new AnalyticsFixture(jdbc);
        UUID webinar = data.campaign("Spring webinar", "2026-01-01", "2026-02-28", "3000.00");
        UUID expo = data.campaign("Industry expo", "2026-01-15", "2026-01-17", "12000.00");
        UUID rep = UUID.randomUUID();
        UUID chen = data.lead("Chen Jing", "web_form", webinar, "2026-01-05", "WON", "2026-03-02", rep);
        String[] stages = { "MQL", "SAL", "SQL", "OPPORTUNITY", "WON" };
        String[] dates = { "2026-01-07", "2026-01-09", "2026-01-14", "2026-01-20", "2026-03-02" };
        for (int i = 0; i < stages.length; i++) {
            data.entered(chen, stages[i], dates[i]);
        }
        data.member(webinar, chen, "2026-01-05");
        data.member(expo, chen, "2026-01-16");
        UUID liu = data.lead("Liu Yang", "web_form", expo, "2026-01-16", "SAL", "2026-01-25", null);
        data.entered(liu, "MQL", "2026-01-18");
        data.entered(liu, "SAL", "2026-01-25");
        data.member(expo, liu, "2026-01-16");
        data.lead("Sun Li", "manual", null, "2026-02-03", "LEAD", null, null);
        UUID deal = data.opportunity(chen, "8000.00", "2026-01-20", rep, webinar, expo);
        data.won(deal, "9000.00", "2026-03-02");
        return data;
    }

    /** Into target/screenshots like the other browser tests: a test run leaves the checked-in copies alone. */
    private void screenshot(String name) throws Exception {
        Chromium.screenshot(browser, name);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
