package io.tandem.capture.internal.imports;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/** The header and rows of an uploaded file, read as a stream so a million rows never sit in memory. */
interface Spreadsheet extends Closeable {

    List<String> header();

    Iterator<SheetRow> rows();

    @Override
    void close() throws IOException;
}
