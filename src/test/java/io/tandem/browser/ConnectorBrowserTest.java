package io.tandem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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

import io.tandem.connectors.CrmTransfers;
import io.tandem.connectors.internal.DeliveryDispatcher;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.shared.Actor;
import io.tandem.support.Api;
import io.tandem.support.IntegrationTest;
import io.tandem.support.SalesforceSimulator;

/**
 * An admin connects Salesforce: creates the connector, signs it in, adds a field to the mapping, tests the mapping on a
 * lead without sending anything, then finds a lead Salesforce refused in the backlog and replays it once fixed.
 */
@IntegrationTest
class ConnectorBrowserTest {

    @LocalServerPort
    int port;
    @Autowired
    LeadStages stages;
    @Autowired
    CrmTransfers transfers;
    @Autowired
    DeliveryDispatcher dispatcher;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    ChromeDriver browser;
    SalesforceSimulator salesforce;
    UUID connector;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (salesforce != null) {
            salesforce.close();
        }
        if (connector != null) {
            jdbc.sql("update crm_connector set enabled = false where id = :id").param("id", connector).update();
        }
    }

    @Test
    void anAdminMapsFieldsTestsTheMappingOnALeadAndReplaysAFailedDelivery() throws Exception {
        salesforce = new SalesforceSimulator();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        UUID lead = mql("王强" + tag, "wang." + tag + "@huaxin-pharma.cn", "INVALID");

        browser = Chromium.start("en");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("admin-password-for-tests");
        click(By.cssSelector("button[type=submit]"));
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(browser.findElement(By.linkText("CRM connectors")).getAttribute("href"));
        browser.findElement(By.id("new-name")).sendKeys("Salesforce " + tag);
        new Select(browser.findElement(By.id("new-kind"))).selectByValue("SALESFORCE");
        click(By.cssSelector("form[action$='/admin/connectors'] button"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("connector-settings")));
        connector = UUID.fromString(browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1));

        replace(By.id("setting-loginUrl"), salesforce.baseUrl());
        replace(By.id("setting-clientId"), SalesforceSimulator.CLIENT_ID);
        browser.findElement(By.id("secret-clientSecret")).sendKeys(SalesforceSimulator.CLIENT_SECRET);
        click(By.id("enabled"));
        click(By.cssSelector("#connector-settings button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-success"),
                "Connector saved"));

        // A new line: the engagement score goes to a custom Salesforce field.
        WebElement newRow = browser.findElement(By.cssSelector("#mapping tr.new-row"));
        new Select(newRow.findElement(By.name("tandemField"))).selectByValue("engagement");
        newRow.findElement(By.name("crmField")).sendKeys("Engagement__c");
        new Select(newRow.findElement(By.name("direction"))).selectByValue("TO_CRM");
        click(By.cssSelector("#mapping-form > button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-success"),
                "Field mapping saved"));
        assertThat(browser.findElements(By.cssSelector("#mapping input[name=crmField]")).stream()
                .map(input -> input.getAttribute("value"))).contains("Engagement__c", "LastName", "LeadSource");
        Chromium.screenshot(browser, "crm-1-mapping");

        browser.findElement(By.id("preview-lead")).sendKeys("wang." + tag + "@huaxin-pharma.cn");
        click(By.cssSelector("#preview-form button"));
        WebElement request = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-request")));
        assertThat(request.getText()).contains("PATCH /services/data/v62.0/sobjects/Lead/Tandem_Id__c/" + lead)
                .contains("\"LastName\" : \"王强" + tag + "\"").contains("\"Engagement__c\"")
                .contains("\"Company\" : \"INVALID\"");
        assertThat(salesforce.leads()).isEmpty();  // a test sends nothing
        java.nio.file.Files.write(Chromium.screenshot(browser, "crm-2-test-with-a-lead"), browser.findElement(
                By.id("preview-form")).findElement(By.xpath("..")).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        // an element screenshot leaves chromedriver's device-metrics override behind: later page screenshots were blank
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());

        transactions.executeWithoutResult(tx -> transfers.transferOut(lead, connector, Actor.SYSTEM));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from crm_delivery where connector_id = :c").param("c", connector).query(Long.class)
                .single() == 1);
        dispatcher.deliverDue(connector);

        browser.get(url("/admin/connectors/" + connector + "/backlog"));
        WebElement failed = browser.findElement(By.id("failed-deliveries"));
        assertThat(failed.getText()).contains("王强" + tag).contains("validation refused a value (fields: Company)");
        assertThat(browser.findElement(By.id("failed-count")).getText()).isEqualTo("1");
        Chromium.screenshot(browser, "crm-3-backlog-failed");

        // Marketing corrects the company; the admin replays the delivery.
        transactions.executeWithoutResult(tx -> jdbc.sql("update lead set company = '华信制药' where id = :id")
                .param("id", lead).update());
        click(By.cssSelector("button.replay-one"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".alert-success"),
                "1 deliveries queued again"));
        dispatcher.deliverDue(connector);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("failed-count")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.id("sync-log")).getText()).contains("upsert #1");
        assertThat(salesforce.leadsByExternalId().get(lead.toString()).fields()).containsEntry("Company", "华信制药");
        Chromium.screenshot(browser, "crm-4-backlog-replayed");

        browser.get(url("/leads/" + lead));
        WebElement panel = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("crm-panel")));
        assertThat(panel.getText()).contains("Salesforce " + tag).contains("delivered");
        Chromium.screenshot(browser, "crm-5-lead-panel");
    }

    /** Scrolls the element into view first; where the page's fixed parts still cover it, clicks it in the page. */
    private void click(By element) {
        WebElement target = browser.findElement(element);
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", target);
        try {
            target.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
            browser.executeScript("arguments[0].click();", target);
        }
    }

    private void replace(By field, String value) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(value);
    }

    private UUID mql(String name, String email, String company) {
        UUID lead = UUID.fromString(Api.at(port).asAdminWithScopes("leads:write").post("/api/v1/leads",
                Map.of("name", name, "email", email, "company", company, "source", "web_form")).json().get("id")
                .asString());
        transactions.executeWithoutResult(tx -> stages.moveAllIfAllowed(List.of(new LeadStages.RuleMove(lead, "test",
                "demo request")), Stage.MQL, Actor.SYSTEM));
        return lead;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
