package io.tandem.handoff;

/** How a qualification call ended. */
public enum Disposition {
    NO_ANSWER, WRONG_CONTACT, NOT_INTERESTED, NURTURE, QUALIFIED
}
