package io.tandem.capture.internal.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

final class CsvSpreadsheet implements Spreadsheet {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;

    CsvSpreadsheet(Path file, Charset charset, int bomLength, char delimiter) throws IOException {
        var in = Files.newInputStream(file);
        in.skipNBytes(bomLength);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)), 1 << 16);
        this.parser = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get()
                .parse(reader);
        this.records = parser.iterator();
        if (!records.hasNext()) {
            parser.close();
            throw new SpreadsheetProblem("file.empty");
        }
        List<String> cells = new ArrayList<>();
        records.next().forEach(cell -> cells.add(cell.strip()));
        this.header = List.copyOf(cells);
    }

    static char guessDelimiter(Path file, Charset charset, int bomLength) throws IOException {
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(bomLength);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset));
            String line = reader.readLine();
            if (line == null) {
                return ',';
            }
            char best = ',';
            long bestCount = 0;
            for (char candidate : new char[] { ',', ';', '\t', '|' }) {
                long count = line.chars().filter(c -> c == candidate).count();
                if (count > bestCount) {
                    best = candidate;
                    bestCount = count;
                }
            }
            return best;
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public Iterator<SheetRow> rows() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (UncheckedIOException e) {
                    throw translate(e);
                }
            }

            @Override
            public SheetRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    CSVRecord record = records.next();
                    List<String> cells = new ArrayList<>(record.size());
                    record.forEach(cells::add);
                    return new SheetRow(record.getRecordNumber(), cells);
                } catch (UncheckedIOException e) {
                    throw translate(e);
                }
            }
        };
    }

    private SpreadsheetProblem translate(UncheckedIOException e) {
        String detail = e.getCause() instanceof java.nio.charset.CharacterCodingException
                ? io.tandem.shared.Problems.english("file.encodingMismatch", java.util.List.of())
                : e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        return new SpreadsheetProblem("file.unreadableAfter", parser.getCurrentLineNumber(), detail);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
