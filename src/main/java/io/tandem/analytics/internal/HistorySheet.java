package io.tandem.analytics.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import io.tandem.shared.BadInputException;

/**
 * A history file's rows as column → text, from CSV (UTF-8, with or without BOM, or GBK as Chinese Excel saves it) or
 * the first sheet of an XLSX. Column names are matched case-insensitively, in English or Chinese.
 */
final class HistorySheet {

    static final int MAX_ROWS = 20_000;

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("邮箱", "email"), Map.entry("电子邮件", "email"), Map.entry("e-mail", "email"),
            Map.entry("姓名", "name"), Map.entry("公司", "company"), Map.entry("职位", "title"),
            Map.entry("手机", "phone"), Map.entry("电话", "phone"), Map.entry("来源", "source"),
            Map.entry("市场活动", "campaign"), Map.entry("活动", "campaign"), Map.entry("省份", "region"),
            Map.entry("地区", "region"), Map.entry("province", "region"), Map.entry("行业", "industry"),
            Map.entry("负责人", "owner"), Map.entry("销售", "owner"), Map.entry("rep", "owner"),
            Map.entry("创建日期", "created"), Map.entry("首次接触", "created"), Map.entry("first_contact", "created"),
            Map.entry("first contact", "created"), Map.entry("lead_date", "created"), Map.entry("mql_date", "mql"),
            Map.entry("sal_date", "sal"), Map.entry("sql_date", "sql"), Map.entry("opportunity_date", "opportunity"),
            Map.entry("商机", "opportunity"), Map.entry("won_date", "won"), Map.entry("won_on", "won"),
            Map.entry("成交日期", "won"), Map.entry("成交", "won"), Map.entry("lost_date", "lost"),
            Map.entry("丢单", "lost"), Map.entry("disqualified_date", "disqualified"), Map.entry("不合格", "disqualified"),
            Map.entry("原因", "reason"), Map.entry("金额", "amount"), Map.entry("币种", "currency"),
            Map.entry("商机名称", "deal"), Map.entry("deal name", "deal"), Map.entry("opened", "opened"),
            Map.entry("opened_on", "opened"), Map.entry("创建", "opened"), Map.entry("lead id", "lead_id"),
            Map.entry("external_id", "lead_id"), Map.entry("segment", "segment"), Map.entry("细分", "segment"));

    private HistorySheet() {
    }

    /** @return rows with their number in the file (header = 1) */
    static List<Map<String, String>> read(String fileName, byte[] content) {
        try {
            List<Map<String, String>> rows = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".xlsx")
                    ? xlsx(content) : csv(content);
            if (rows.size() > MAX_ROWS) {
                throw BadInputException.of("file", "At most " + MAX_ROWS + " rows per file; this one has "
                        + rows.size());
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw BadInputException.of("file", "Tandem could not read this file as CSV or XLSX: " + e.getMessage());
        }
    }

    static String column(String header) {
        String key = header == null ? "" : header.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(key, key.replace(' ', '_'));
    }

    private static List<Map<String, String>> csv(byte[] content) throws IOException {
        Charset charset = utf8(content) ? StandardCharsets.UTF_8 : Charset.forName("GBK");
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(content), charset);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .setIgnoreEmptyLines(true).setTrim(true).get().parse(reader)) {
            List<String> headers = parser.getHeaderNames().stream().map(HistorySheet::column).toList();
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < headers.size() && i < record.size(); i++) {
                    row.put(headers.get(i), record.get(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static boolean utf8(byte[] content) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static List<Map<String, String>> xlsx(byte[] content) throws IOException {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = workbook.getFirstSheet();
            List<Row> all = sheet.read();
            List<Map<String, String>> rows = new ArrayList<>();
            if (all.isEmpty()) {
                return rows;
            }
            List<String> headers = new ArrayList<>();
            for (Cell cell : all.get(0)) {
                headers.add(column(cell == null ? "" : cell.getText()));
            }
            for (Row source : all.subList(1, all.size())) {
                Map<String, String> row = new LinkedHashMap<>();
                boolean empty = true;
                for (int i = 0; i < headers.size(); i++) {
                    String text = source.getCellText(i);
                    Cell cell = source.getCell(i);
                    if (cell != null && cell.getType() == org.dhatim.fastexcel.reader.CellType.NUMBER
                            && HistoryImport.DATE_COLUMNS.contains(headers.get(i))) {
                        text = cell.asDate().toLocalDate().toString();
                    }
                    text = text == null ? "" : text.strip();
                    empty &= text.isEmpty();
                    row.put(headers.get(i), text);
                }
                if (!empty) {
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
