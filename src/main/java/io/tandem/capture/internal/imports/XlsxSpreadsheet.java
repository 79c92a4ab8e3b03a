package io.tandem.capture.internal.imports;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/** The first sheet of an .xlsx workbook. Numbers come out as written (a mobile number never as 1.38E10). */
final class XlsxSpreadsheet implements Spreadsheet {

    private final ReadableWorkbook workbook;
    private final Stream<Row> stream;
    private final Iterator<Row> rows;
    private final List<String> header;

    XlsxSpreadsheet(Path file) throws IOException {
        try {
            this.workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
        } catch (IOException | RuntimeException e) {
            throw new SpreadsheetProblem("file.excelUnreadable");
        }
        this.stream = workbook.getFirstSheet().openStream();
        this.rows = stream.iterator();
        Row first = null;
        while (rows.hasNext()) {
            Row candidate = rows.next();
            if (!isEmpty(candidate)) {
                first = candidate;
                break;
            }
        }
        if (first == null) {
            close();
            throw new SpreadsheetProblem("file.emptySheet");
        }
        List<String> cells = cells(first);
        this.header = cells.stream().map(String::strip).toList();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public Iterator<SheetRow> rows() {
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (rows.hasNext()) {
                    Row row = rows.next();
                    if (!isEmpty(row)) {
                        return row;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public SheetRow next() {
                Row row = next;
                next = advance();
                return new SheetRow(row.getRowNum(), cells(row));
            }
        };
    }

    private static boolean isEmpty(Row row) {
        return row.stream().allMatch(cell -> cell == null || cell.getType() == CellType.EMPTY
                || text(cell).isBlank());
    }

    private static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>(row.getCellCount());
        for (int i = 0; i < row.getCellCount(); i++) {
            Cell cell = row.getCell(i);
            cells.add(cell == null ? "" : text(cell));
        }
        while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
            cells.remove(cells.size() - 1);
        }
        return cells;
    }

    private static String text(Cell cell) {
        if (cell.getType() == CellType.NUMBER) {
            String format = cell.getDataFormatString();
            if (format != null && isDateFormat(format)) {
                return cell.asDate().toLocalDate().toString();
            }
            BigDecimal number = cell.asNumber();
            return number.stripTrailingZeros().toPlainString();
        }
        if (cell.getType() == CellType.BOOLEAN) {
            return String.valueOf(cell.asBoolean());
        }
        String text = cell.getText();
        return text == null ? "" : text;
    }

    private static boolean isDateFormat(String format) {
        String unquoted = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^]]*]", "").toLowerCase();
        return unquoted.contains("y") || unquoted.contains("d") || unquoted.contains("年") || unquoted.contains("日");
    }

    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
        workbook.close();
    }
}
