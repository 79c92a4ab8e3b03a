package io.tandem.capture.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tandem.campaign.MemberStatus;
import io.tandem.lead.LeadField;

class SpreadsheetReadingTests {

    @TempDir
    Path dir;

    static final String CHINESE_CSV = "姓名,邮箱,手机,公司,职位,行业,省份,来源\n"
            + "王芳,wang.fang@example.cn,13800138000,示例科技有限公司,IT总监,制造业,浙江,展会\n";

    Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void aGbkCsvFromChineseExcelIsDetectedAndReadCorrectly() throws IOException {
        Path file = write("gbk.csv", CHINESE_CSV.getBytes(Charset.forName("GBK")));

        SpreadsheetFiles.Inspection inspection = SpreadsheetFiles.inspect(file, null);

        assertThat(inspection.encoding()).isEqualTo("GB18030");
        assertThat(inspection.header()).startsWith("姓名", "邮箱", "手机");
        assertThat(inspection.preview().get(0).cells()).contains("王芳", "示例科技有限公司");
        assertThat(inspection.rowCount()).isEqualTo(1);
    }

    @Test
    void aUtf8CsvWithByteOrderMarkLosesTheMarkFromItsFirstHeader() throws IOException {
        byte[] body = CHINESE_CSV.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        SpreadsheetFiles.Inspection inspection = SpreadsheetFiles.inspect(write("bom.csv", withBom), null);

        assertThat(inspection.encoding()).isEqualTo("UTF-8");
        assertThat(inspection.header().get(0)).isEqualTo("姓名");
    }

    @Test
    void aCsvDeclaredAsUtf8ButWrittenInGbkIsRefusedWithAHint() throws IOException {
        Path file = write("wrong.csv", CHINESE_CSV.getBytes(Charset.forName("GBK")));

        assertThatThrownBy(() -> SpreadsheetFiles.inspect(file, "UTF-8"))
                .isInstanceOf(SpreadsheetProblem.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void semicolonAndTabSeparatedFilesAreRecognised() throws IOException {
        Path file = write("semi.csv", "Name;Email\nAnna;anna@example.de\n".getBytes(StandardCharsets.UTF_8));

        assertThat(SpreadsheetFiles.inspect(file, null).delimiter()).isEqualTo(';');
    }

    @Test
    void emptyAndBinaryAndOldExcelFilesAreRefusedWithAReason() throws IOException {
        assertThatThrownBy(() -> SpreadsheetFiles.inspect(write("empty.csv", new byte[0]), null))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SpreadsheetFiles.inspect(write("header.csv", "Name,Email\n".getBytes()), null))
                .hasMessageContaining("no leads");
        assertThatThrownBy(() -> SpreadsheetFiles.inspect(write("image.csv", new byte[] { 1, 0, 2, 0, 3 }), null))
                .hasMessageContaining("not a CSV or Excel");
        assertThatThrownBy(() -> SpreadsheetFiles.inspect(write("old.xls", new byte[] { (byte) 0xD0, (byte) 0xCF,
                0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1 }), null))
                .hasMessageContaining(".xls");
    }

    @Test
    void anUnclosedQuoteStopsTheReadingWithTheLineItHappenedAt() throws IOException {
        Path file = write("quote.csv", "Name,Email\nAnna,a@x.de\n\"Broken,b@x.de\n".getBytes());

        assertThatThrownBy(() -> SpreadsheetFiles.inspect(file, null)).isInstanceOf(SpreadsheetProblem.class)
                .hasMessageContaining("line");
    }

    @Test
    void excelNumbersComeOutAsWrittenAndDatesAsIsoDates() throws IOException {
        Path file = dir.resolve("leads.xlsx");
        try (var out = Files.newOutputStream(file)) {
            Workbook workbook = new Workbook(out, "test", "1.0");
            Worksheet sheet = workbook.newWorksheet("Sheet1");
            sheet.value(0, 0, "手机");
            sheet.value(0, 1, "登记时间");
            sheet.value(1, 0, 13800138000L);
            sheet.value(1, 1, java.time.LocalDate.of(2026, 3, 15));
            sheet.style(1, 1).format("yyyy-mm-dd").set();
            workbook.finish();
        }

        SpreadsheetFiles.Inspection inspection = SpreadsheetFiles.inspect(file, null);

        assertThat(inspection.format()).isEqualTo(SpreadsheetFiles.Format.XLSX);
        assertThat(inspection.preview().get(0).cells()).containsExactly("13800138000", "2026-03-15");
    }

    @Test
    void chineseAndEnglishHeadersAreMappedToLeadFields() {
        List<ImportTarget> targets = HeaderSuggestions.suggest(List.of("姓名", "E-mail", "手机号码", "公司名称", "职务",
                "标签", "微信号", ""), List.of());

        assertThat(targets).extracting(ImportTarget::code).containsExactly("field:NAME", "field:EMAIL",
                "field:PHONE", "field:COMPANY", "field:TITLE", "tags", "new-custom", "ignore");
    }

    @Test
    void aRowWithMoreValuesThanTheHeaderIsReportedAndNotGuessed() {
        RowConverter converter = new RowConverter(List.of(ImportTarget.field(LeadField.NAME),
                ImportTarget.field(LeadField.EMAIL)), List.of("Name", "Email"), null, "import", ZoneId.of("UTC"));

        RowConverter.Converted converted = converter.convert(new SheetRow(7, List.of("Anna", "a@x.de", "extra")));

        assertThat(converted).isInstanceOf(RowConverter.Problems.class);
        assertThat(((RowConverter.Problems) converted).problems().get(0).message()).contains("3 values")
                .contains("2 columns");
    }

    @Test
    void chineseParticipantStatusesAndDatesAreUnderstood() {
        RowConverter converter = new RowConverter(List.of(ImportTarget.field(LeadField.EMAIL),
                new ImportTarget(ImportTarget.Kind.CAMPAIGN_STATUS, null),
                new ImportTarget(ImportTarget.Kind.CAPTURED_AT, null), new ImportTarget(ImportTarget.Kind.TAGS, null)),
                List.of("邮箱", "参会状态", "报名时间", "标签"), null, "import", ZoneId.of("Asia/Shanghai"));

        RowConverter.Item item = (RowConverter.Item) converter.convert(new SheetRow(2,
                List.of("a@x.cn", "已签到", "2026/3/15 14:30", "VIP、展会")));

        assertThat(item.item().campaignStatus()).isEqualTo(MemberStatus.ATTENDED);
        assertThat(item.item().data().capturedAt()).hasToString("2026-03-15T06:30:00Z");
        assertThat(item.item().data().tags()).containsExactly("VIP", "展会");
    }
}
