package io.tandem.lead.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import io.tandem.lead.LeadSummary;
import io.tandem.shared.web.Ui;

/**
 * Writes leads to CSV or XLSX as they stream from the database. A cell that a spreadsheet would take for a formula
 * (starting with = + - @, a tab or a carriage return) gets a leading apostrophe: a lead named "=HYPERLINK(…)" must not
 * run in the marketer's Excel.
 */
final class LeadExportWriter {

    static final List<String> HEADER = List.of("id", "name", "email", "phone", "company", "title", "industry",
            "company_size", "province", "city", "country", "source", "source_detail", "stage", "owner", "tags",
            "created_at", "last_activity_at");

    private LeadExportWriter() {
    }

    static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }

    static List<String> row(LeadSummary lead, Map<UUID, String> owners, Ui ui) {
        return java.util.stream.Stream.of(lead.id().toString(), lead.name(), lead.email(), lead.phone(),
                lead.company(), lead.title(), lead.industry(), lead.companySize(), lead.province(), lead.city(),
                lead.country(), lead.source(), lead.sourceDetail(), lead.stage(),
                lead.ownerId() == null ? null : owners.getOrDefault(lead.ownerId(), lead.ownerId().toString()),
                String.join(", ", lead.tags()), ui.dateTime(lead.createdAt()), ui.dateTime(lead.lastActivityAt()))
                .map(LeadExportWriter::neutralise).toList();
    }

    /** CSV in UTF-8 with a byte-order mark, which Excel needs to show Chinese correctly. */
    static long csv(OutputStream out, Consumer<Consumer<List<String>>> rows) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        long[] count = { 0 };
        try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT)) {
            printer.printRecord(HEADER);
            rows.accept(row -> {
                try {
                    printer.printRecord(row);
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return count[0];
    }

    static long xlsx(OutputStream out, Consumer<Consumer<List<String>>> rows) throws IOException {
        Workbook workbook = new Workbook(out, "Tandem", "1.0");
        Worksheet sheet = workbook.newWorksheet("Leads");
        for (int c = 0; c < HEADER.size(); c++) {
            sheet.value(0, c, HEADER.get(c));
            sheet.style(0, c).bold().set();
        }
        long[] count = { 0 };
        rows.accept(row -> {
            int r = (int) ++count[0];
            for (int c = 0; c < row.size(); c++) {
                sheet.value(r, c, row.get(c));
            }
            if (r % 10_000 == 0) {
                try {
                    sheet.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        workbook.finish();
        return count[0];
    }
}
