package io.tandem.capture.internal.imports;

import io.tandem.shared.BadInputException.FieldProblem;

/** A file Tandem cannot read at all; the problem says why in words a marketer understands, in either language. */
class SpreadsheetProblem extends RuntimeException {

    private final transient FieldProblem problem;

    SpreadsheetProblem(String code, Object... args) {
        this(FieldProblem.of("file", code, args));
    }

    private SpreadsheetProblem(FieldProblem problem) {
        super(problem.message(), null, false, false);
        this.problem = problem;
    }

    FieldProblem problem() {
        return problem;
    }
}
