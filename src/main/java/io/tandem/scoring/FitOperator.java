package io.tandem.scoring;

/** How a fit rule compares a lead's field with its value (a comma-separated list where several are allowed). */
public enum FitOperator {
    EQUALS, IN, CONTAINS, STARTS_WITH, NOT_EMPTY, NOT_FREE_MAIL
}
