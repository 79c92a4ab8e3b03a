package io.tandem.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.springframework.boot.test.web.server.LocalServerPort;

import io.tandem.support.IntegrationTest;

/**
 * A marketer imports the attendee list of an event, saved by Excel on Chinese Windows (GBK), through the mapping
 * wizard, and finds the people in the lead pool.
 */
@IntegrationTest
class ImportWizardBrowserTest {

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aGbkAttendeeListLandsInTheLeadPool() throws Exception {
        browser = Chromium.start("zh-CN");
        String tag = UUID.randomUUID().toString().substring(0, 6);
        Path csv = Files.createTempFile("参会名单", ".csv");
        Files.write(csv, String.join("\r\n",
                "姓名,邮箱,手机,公司,职位,省份",
                "欧阳" + tag + ",ouyang." + tag + "@huaxin-tech.cn,13912345678,华信智造科技有限公司,IT总监,浙江",
                "司马" + tag + ",sima." + tag + "@yunfan-data.com,,云帆数据股份有限公司,采购经理,上海",
                "坏行" + tag + ",not-an-email,,某公司,,",
                "").getBytes(Charset.forName("GBK")));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys("admin-password-for-tests");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/"));

        browser.get("http://localhost:" + port + "/imports");
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("upload")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("mapping-form")));
        assertThat(browser.getPageSource()).contains("华信智造科技有限公司").contains("GB18030");
        WebElement emailColumn = browser.findElement(By.cssSelector("select[data-column='1']"));
        assertThat(new Select(emailColumn).getFirstSelectedOption().getAttribute("value")).isEqualTo("field:EMAIL");
        Chromium.screenshot(browser, "import-1-mapping");
        browser.findElement(By.id("start-import")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("result")));
        assertThat(browser.findElement(By.id("result")).getText()).contains("2").contains("1");
        assertThat(browser.getPageSource()).contains("not-an-email");
        Chromium.screenshot(browser, "import-2-result");

        browser.get("http://localhost:" + port + "/leads");
        WebElement search = browser.findElement(By.id("q"));
        search.sendKeys(tag.substring(0, 6));
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        browser.get("http://localhost:" + port + "/leads?q=ouyang." + tag);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lead-table"), "欧阳" + tag));
        assertThat(browser.findElement(By.id("lead-table")).getText()).contains("华信智造科技有限公司")
                .contains("+8613912345678");
        Chromium.screenshot(browser, "import-3-lead-pool");

        browser.findElement(By.linkText("欧阳" + tag)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".timeline"), "线索创建"));
        assertThat(browser.getPageSource()).contains("ouyang." + tag + "@huaxin-tech.cn");
        Chromium.screenshot(browser, "import-4-lead");
    }
}
