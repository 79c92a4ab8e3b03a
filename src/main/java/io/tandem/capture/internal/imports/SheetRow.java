package io.tandem.capture.internal.imports;

import java.util.List;

/** A row of a spreadsheet with the line (CSV) or row number (Excel) a person finds it at. */
record SheetRow(long line, List<String> cells) {
}
