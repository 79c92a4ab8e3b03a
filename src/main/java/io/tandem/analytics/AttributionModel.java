package io.tandem.analytics;

/**
 * How the amount of one opportunity is spread over the campaign touches before it (docs/metrics.md, ADR 14). Every
 * model gives credits that add up to exactly the amount.
 */
public enum AttributionModel {
    /** All to the first touch. */
    FIRST_TOUCH,
    /** All to the last touch before the opportunity was opened. */
    LAST_TOUCH,
    /** All to the touch that created the lead (the last touch at or before the lead's creation). */
    LEAD_CREATION,
    /** Evenly over every touch. */
    LINEAR,
    /** 40 % first touch, 40 % lead creation, 20 % over the touches between. */
    U_SHAPED,
    /** 30 % first touch, 30 % lead creation, 30 % opportunity creation, 10 % over the others. */
    W_SHAPED,
    /** Each touch weighs ½ per half-life before the opportunity was opened. */
    TIME_DECAY,
    /** 22.5 % each to first touch, lead creation, opportunity creation and closing touch, 10 % over the others. */
    FULL_PATH
}
