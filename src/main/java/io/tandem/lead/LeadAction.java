package io.tandem.lead;

/** What a person wants to do with a lead; each has its own scope in {@link LeadAccess}. */
public enum LeadAction {
    READ, UPDATE, DELETE, EXPORT
}
