package io.tandem.lead;

import java.util.Map;

/**
 * The leads one person may see or change, as an SQL condition on the lead table (alias {@code l}). Made by
 * {@link LeadAccess}; pages, exports and the API apply the same scope that single-lead checks use, so a list never
 * shows a lead its page would refuse.
 */
public record LeadScope(String predicate, Map<String, Object> params) {

    public static final LeadScope EVERYTHING = new LeadScope("true", Map.of());
    public static final LeadScope NOTHING = new LeadScope("false", Map.of());

    public LeadScope {
        params = Map.copyOf(params);
    }

    public boolean isEverything() {
        return this.equals(EVERYTHING);
    }
}
