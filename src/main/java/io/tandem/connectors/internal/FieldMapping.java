package io.tandem.connectors.internal;

import java.util.Map;

/**
 * One row of a connector's field mapping: which Tandem field goes to which CRM field, in which direction, who wins
 * when both sides changed it, and how pick-list values translate (Tandem's value → the CRM's).
 */
public record FieldMapping(String tandemField, String crmField, Direction direction, ConflictRule conflictRule,
        Map<String, String> valueMap, boolean required) {

    public FieldMapping {
        valueMap = valueMap == null ? Map.of() : Map.copyOf(valueMap);
    }

    public enum Direction {
        TO_CRM, FROM_CRM, BOTH;

        public boolean toCrm() {
            return this != FROM_CRM;
        }

        public boolean fromCrm() {
            return this != TO_CRM;
        }
    }

    /**
     * Who wins a field both sides may change. Tandem wins: Tandem's value is sent on every change and the CRM's is
     * only taken where Tandem has none. CRM wins: Tandem's value only fills the new CRM record, afterwards the CRM's
     * value comes back and replaces Tandem's. CRM unless blank: the same, but a blank CRM value never erases Tandem's.
     */
    public enum ConflictRule {
        TANDEM_WINS, CRM_WINS, CRM_UNLESS_BLANK
    }

    /** The value map as an admin writes it: {@code web_form=Web; *=Other}. */
    public String valueMapText() {
        return String.join("; ", valueMap.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Tandem's value as the CRM knows it: a pick-list value translated, anything else as it is. */
    public Object toCrmValue(Object tandemValue) {
        if (tandemValue == null || valueMap.isEmpty()) {
            return tandemValue;
        }
        String mapped = valueMap.get(String.valueOf(tandemValue));
        return mapped != null ? mapped : valueMap.getOrDefault("*", String.valueOf(tandemValue));
    }

    /** The CRM's value as Tandem knows it: the value map read backwards. */
    public Object fromCrmValue(Object crmValue) {
        if (crmValue == null || valueMap.isEmpty()) {
            return crmValue;
        }
        String text = String.valueOf(crmValue);
        return valueMap.entrySet().stream().filter(entry -> entry.getValue().equals(text) && !"*".equals(entry.getKey()))
                .map(Map.Entry::getKey).findFirst().orElse(text);
    }
}
