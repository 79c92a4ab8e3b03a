package io.tandem.lifecycle;

/** Whose workspace a stage belongs to: marketing's lead pool, sales' opportunity pool, or closed. */
public enum StagePool {
    MARKETING, SALES, CLOSED
}
