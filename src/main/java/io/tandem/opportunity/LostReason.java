package io.tandem.opportunity;

/** Why a deal was lost. */
public enum LostReason {
    PRICE, COMPETITOR, NO_DECISION, TIMING, PRODUCT_FIT, OTHER
}
