package io.tandem.handoff;

/** Why a rep refused a transfer; feeds lead-quality analytics. {@link #OTHER} needs a comment. */
public enum RejectionReason {
    BAD_CONTACT_DATA, NOT_A_FIT, ALREADY_CUSTOMER, DUPLICATE, NO_BUDGET, NO_NEED, OTHER
}
