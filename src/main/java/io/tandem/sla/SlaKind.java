package io.tandem.sla;

/** What a clock waits for. */
public enum SlaKind {
    /** An MQL is worked by an SDR: a call or note logged, transferred or disqualified. */
    MQL_RESPONSE,
    /** A transferred lead is accepted or rejected by the rep. */
    TRANSFER_ANSWER,
    /** The rep who accepted a lead contacts the person (a call or note logged, or the lead moves on). */
    FIRST_CONTACT,
    /** While a lead is open in sales, its owner logs a follow-up again and again; each one starts the next clock. */
    FOLLOW_UP
}
