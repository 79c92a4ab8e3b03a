package io.tandem.capture.internal.imports;

/** A file Tandem cannot read at all; the message says why in words a marketer understands. */
class SpreadsheetProblem extends RuntimeException {

    SpreadsheetProblem(String message) {
        super(message, null, false, false);
    }
}
