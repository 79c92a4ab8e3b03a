package io.tandem.capture.internal.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Opens uploaded CSV and Excel files, recognising them by content rather than by file name. */
final class SpreadsheetFiles {

    static final int PREVIEW_ROWS = 10;

    private SpreadsheetFiles() {
    }

    enum Format {
        CSV, XLSX
    }

    /** What the wizard learns about a file when it is uploaded. */
    record Inspection(Format format, String encoding, char delimiter, List<String> header, List<SheetRow> preview,
            long rowCount) {
    }

    static Format formatOf(Path file) throws IOException {
        byte[] head = new byte[8];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read == 0) {
            throw new SpreadsheetProblem("file.empty");
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.XLSX;
        }
        if (read >= 8 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11
                && (head[3] & 0xFF) == 0xE0) {
            throw new SpreadsheetProblem("file.oldExcel");
        }
        if (TextEncodings.looksBinary(file)) {
            throw new SpreadsheetProblem("file.notSpreadsheet");
        }
        return Format.CSV;
    }

    /**
     * @param encoding a charset name, or {@code null} to detect it
     */
    static Spreadsheet open(Path file, Format format, String encoding, Character delimiter) throws IOException {
        if (format == Format.XLSX) {
            return new XlsxSpreadsheet(file);
        }
        // A known encoding (the upload check found it) needs only the byte-order mark, not another read of the file.
        TextEncodings.Detected detected = encoding == null ? TextEncodings.detect(file)
                : TextEncodings.byteOrderMark(file);
        Charset charset = encoding == null ? detected.charset() : Charset.forName(encoding);
        int bom = detected != null && charset.equals(detected.charset()) ? detected.bomLength() : 0;
        char separator = delimiter == null ? CsvSpreadsheet.guessDelimiter(file, charset, bom) : delimiter;
        return new CsvSpreadsheet(file, charset, bom, separator);
    }

    /** Reads the whole file once: counts its rows and finds what would stop an import half-way. */
    static Inspection inspect(Path file, String requestedEncoding) throws IOException {
        Format format = formatOf(file);
        String encoding = null;
        char delimiter = ',';
        if (format == Format.CSV) {
            TextEncodings.Detected detected = TextEncodings.detect(file);
            Charset charset = requestedEncoding == null ? detected.charset() : Charset.forName(requestedEncoding);
            if (requestedEncoding != null && !TextEncodings.isValid(file, charset)) {
                throw new SpreadsheetProblem("file.wrongEncoding", charset.name());
            }
            encoding = charset.name();
            delimiter = CsvSpreadsheet.guessDelimiter(file, charset,
                    charset.equals(detected.charset()) ? detected.bomLength() : 0);
        }
        try (Spreadsheet sheet = open(file, format, encoding, delimiter)) {
            if (sheet.header().stream().allMatch(String::isBlank)) {
                throw new SpreadsheetProblem("file.noHeader");
            }
            List<SheetRow> preview = new ArrayList<>();
            long rows = 0;
            Iterator<SheetRow> iterator = sheet.rows();
            while (iterator.hasNext()) {
                SheetRow row = iterator.next();
                if (preview.size() < PREVIEW_ROWS) {
                    preview.add(row);
                }
                rows++;
            }
            if (rows == 0) {
                throw new SpreadsheetProblem("file.noRows");
            }
            return new Inspection(format, encoding, delimiter, sheet.header(), preview, rows);
        }
    }
}
