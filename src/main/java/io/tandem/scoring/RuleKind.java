package io.tandem.scoring;

public enum RuleKind {
    FIT, ENGAGEMENT
}
