package io.tandem.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.campaign.CampaignType;
import io.tandem.capture.internal.imports.ImportJob;
import io.tandem.capture.internal.imports.ImportJobs;
import io.tandem.lead.CustomFieldCatalog;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.support.IntegrationTest;

@IntegrationTest
class ImportTests {

    static final Actor MARKETER = new Actor(null, "li.na", "127.0.0.1");

    @Autowired
    ImportJobs jobs;
    @Autowired
    CampaignManagement campaigns;
    @Autowired
    CustomFieldCatalog customFields;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    ImportJob finished(UUID id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !jobs.get(id).isRunning());
        return jobs.get(id);
    }

    @Test
    void aGbkFileImportsItsValidRowsAndReportsEveryBadOne() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        UUID expo = transactions.execute(tx -> campaigns.planCampaign(new CampaignDetails("Import expo " + tag,
                CampaignType.OFFLINE_EVENT, null, null, null, null, null, null, null, null, null, false, null, null),
                MARKETER)).id();
        String csv = String.join("\n",
                "姓名,邮箱,手机,公司,参会状态,微信号",
                "王芳," + tag + ".wang@example.cn,13800000001,示例科技,已签到,wf_" + tag,
                "李雷," + tag + ".li@example.cn,,示例科技,已报名,",
                "韩梅梅,not-an-email,,示例科技,已报名,",
                "王芳," + tag + ".WANG@example.cn,,示例科技有限公司,已报名,",
                "多列," + tag + ".extra@example.cn,,A,已报名,,unexpected",
                "谁,,,B,迟到,") + "\n";
        UUID id = jobs.upload(new ByteArrayInputStream(csv.getBytes(Charset.forName("GBK"))), "参会名单.csv", null,
                MARKETER);
        ImportJob uploaded = jobs.get(id);
        assertThat(uploaded.encoding()).isEqualTo("GB18030");
        assertThat(uploaded.targets()).containsExactly("field:NAME", "field:EMAIL", "field:PHONE", "field:COMPANY",
                "status", "new-custom");

        jobs.start(id, uploaded.targets(), expo, "expo_" + tag, false, MARKETER);
        ImportJob job = finished(id);

        assertThat(job.status()).isEqualTo(ImportJob.COMPLETED);
        assertThat(job.processedRows()).isEqualTo(6);
        assertThat(job.createdLeads()).isEqualTo(2);
        assertThat(job.updatedLeads()).isEqualTo(1);
        assertThat(job.failedRows()).isEqualTo(3);
        StringWriter report = new StringWriter();
        jobs.writeErrors(id, report, ImportJobs.RowError::reason);
        assertThat(report.toString()).contains("4,邮箱,\"\"\"not-an-email\"\" is not a valid email address\"")
                .contains("6,,the row has 7 values").contains("7,参会状态").contains("迟到");
        assertThat(jdbc.sql("select status from campaign_member m join lead l on l.id = m.lead_id where l.email = :e")
                .param("e", tag + ".wang@example.cn").query(String.class).single())
                .as("the later 'registered' row does not lower 'attended'").isEqualTo("ATTENDED");
        assertThat(jdbc.sql("select source from lead where email = :e").param("e", tag + ".li@example.cn")
                .query(String.class).single()).isEqualTo("expo_" + tag);
        String wechatField = customFields.all().stream().filter(f -> f.labelZh().equals("微信号")).findFirst()
                .orElseThrow().key();
        assertThat(jdbc.sql("select custom ->> :key from lead where email = :e").param("key", wechatField)
                .param("e", tag + ".wang@example.cn").query(String.class).single()).isEqualTo("wf_" + tag);
        assertThat(jdbc.sql("select count(*) from audit_event where object_id = :id and action = 'IMPORTED'")
                .param("id", id.toString()).query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    void rowsOfOnePersonAcrossTheFileMergeInFileOrderIntoOneLead() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String mobile = "139" + String.format("%08d", Math.abs(tag.hashCode()) % 100_000_000);
        String otherMobile = "138" + String.format("%08d", Math.abs(tag.hashCode()) % 100_000_000);
        // Chunks of three rows in tests: Anna's later rows (lines 5 and 7) and Ben's (line 8) are in later chunks.
        String csv = String.join("\n",
                "Name,Email,Phone,Company,Title",
                "Anna," + tag + ".anna@example.cn," + mobile + ",Alpha " + tag + ",Engineer",
                "Ben," + tag + ".ben@example.cn,,Beta " + tag + ",",
                "Cara," + tag + ".cara@example.cn,,Gamma " + tag + ",",
                "Anna Li, " + tag.toUpperCase() + ".ANNA@example.cn ,,,CTO",
                "Dan," + tag + ".dan@example.cn,,Delta " + tag + ",",
                ",,+86 " + mobile.substring(0, 3) + " " + mobile.substring(3) + ",Alpha Two " + tag + ",",
                "Ben," + tag + ".ben@example.cn," + otherMobile + ",,Buyer") + "\n";
        UUID id = jobs.upload(new ByteArrayInputStream(csv.getBytes()), "people.csv", null, MARKETER);

        jobs.start(id, List.of("field:NAME", "field:EMAIL", "field:PHONE", "field:COMPANY", "field:TITLE"), null,
                null, false, MARKETER);
        ImportJob job = finished(id);

        assertThat(job.status()).isEqualTo(ImportJob.COMPLETED);
        assertThat(job.createdLeads()).isEqualTo(4);
        assertThat(job.updatedLeads()).isEqualTo(3);
        assertThat(jdbc.sql("select name, phone, company, title from lead where email = :e and merged_into is null")
                .param("e", tag + ".anna@example.cn")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .single())
                .as("later rows win, blanks never erase")
                .containsExactly("Anna Li", "+86" + mobile, "Alpha Two " + tag, "CTO");
        assertThat(jdbc.sql("select phone, company, title from lead where email = :e and merged_into is null")
                .param("e", tag + ".ben@example.cn")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).single())
                .containsExactly("+86" + otherMobile, "Beta " + tag, "Buyer");
        assertThat(jdbc.sql("select count(*) from lead where email like :e and merged_into is null")
                .param("e", tag + ".%").query(Long.class).single()).isEqualTo(4L);
    }

    @Test
    void aDryRunChecksEveryRowAndWritesNoLead() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String csv = "Name,Email\nAnna," + tag + "@example.de\nBen,broken\n";
        UUID id = jobs.upload(new ByteArrayInputStream(csv.getBytes()), "dry.csv", null, MARKETER);

        jobs.start(id, List.of("field:NAME", "field:EMAIL"), null, null, true, MARKETER);
        ImportJob job = finished(id);

        assertThat(job.status()).isEqualTo(ImportJob.VALIDATED);
        assertThat(job.failedRows()).isEqualTo(1);
        assertThat(jobs.firstErrors(id, 10)).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.field()).isEqualTo("Email");
        });
        assertThat(jdbc.sql("select count(*) from lead where email = :e").param("e", tag + "@example.de")
                .query(Long.class).single()).isZero();
        assertThat(job.canStart()).as("after a dry run the import can start").isTrue();
    }

    @Test
    void aMappingWithoutEmailOrPhoneIsRefusedBeforeAnythingHappens() throws Exception {
        UUID id = jobs.upload(new ByteArrayInputStream("Name,Email\nAnna,a@b.de\n".getBytes()), "x.csv", null,
                MARKETER);

        assertThatThrownBy(() -> jobs.start(id, List.of("field:NAME", "ignore"), null, null, false, MARKETER))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Email or Phone");
        assertThat(jobs.get(id).status()).isEqualTo(ImportJob.UPLOADED);
    }

    @Test
    void anUnreadableFileIsRefusedAtUpload() {
        assertThatThrownBy(() -> jobs.upload(new ByteArrayInputStream(new byte[0]), "empty.csv", null, MARKETER))
                .isInstanceOf(BadInputException.class).hasMessageContaining("empty");
    }
}
