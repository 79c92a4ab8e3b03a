package io.tandem.routing.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One test of a rule on a lead: e.g. province IN 上海, 江苏, 浙江; grade AT_LEAST B; custom.product_interest EQUALS MES. */
public record RoutingCondition(String field, Operator operator, String value) {

    public enum Operator { EQUALS, IN, CONTAINS, AT_LEAST, AT_MOST }

    /** Standard fields a rule can test; custom fields are written {@code custom.<key>}. */
    public static final List<String> FIELDS = List.of("province", "city", "country", "industry", "companySize",
            "title", "source", "tag", "grade", "engagement");

    static final Set<String> GRADES = Set.of("A", "B", "C", "D");

    public boolean holdsFor(LeadFacts lead) {
        if ("tag".equals(field)) {
            return lead.tags().stream().anyMatch(this::matchesText);
        }
        String actual = lead.value(field);
        if (actual == null || actual.isBlank()) {
            return false;
        }
        return switch (operator) {
            case AT_LEAST, AT_MOST -> compares(actual);
            default -> matchesText(actual);
        };
    }

    private boolean matchesText(String actual) {
        String a = actual.strip().toLowerCase(Locale.ROOT);
        return switch (operator) {
            case EQUALS -> a.equals(value.strip().toLowerCase(Locale.ROOT));
            case IN -> values().contains(a);
            case CONTAINS -> a.contains(value.strip().toLowerCase(Locale.ROOT));
            default -> false;
        };
    }

    /** Grades compare as A best … D; other fields as numbers. */
    private boolean compares(String actual) {
        if ("grade".equals(field)) {
            int order = Character.compare(value.strip().toUpperCase(Locale.ROOT).charAt(0), actual.charAt(0));
            // 'A' < 'B': a grade at least B is A or B, i.e. its letter is not after B's
            return operator == Operator.AT_LEAST ? order >= 0 : order <= 0;
        }
        try {
            double a = Double.parseDouble(actual);
            double limit = Double.parseDouble(value.strip());
            return operator == Operator.AT_LEAST ? a >= limit : a <= limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private List<String> values() {
        return Arrays.stream(value.split("[,，、]")).map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).toList();
    }

    /** What is wrong with the condition as written, or {@code null}. */
    String problem() {
        if (field == null || field.isBlank() || !(FIELDS.contains(field) || field.matches("custom\\.[a-z][a-z0-9_]*"))) {
            return "routing.field";
        }
        if (operator == null) {
            return "routing.operator";
        }
        if (value == null || value.isBlank()) {
            return "routing.value";
        }
        if ((operator == Operator.AT_LEAST || operator == Operator.AT_MOST)) {
            if ("grade".equals(field)) {
                return GRADES.contains(value.strip().toUpperCase(Locale.ROOT)) ? null : "routing.gradeValue";
            }
            try {
                Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                return "routing.numberValue";
            }
        }
        return null;
    }
}
