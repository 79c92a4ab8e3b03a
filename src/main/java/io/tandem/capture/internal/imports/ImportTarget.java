package io.tandem.capture.internal.imports;

import java.util.Locale;

import io.tandem.lead.LeadField;

/**
 * Where the values of one column go: a standard field, a custom field, a custom field to create from the column,
 * the lead's tags, its campaign status, its capture date, or nowhere.
 * Written as {@code field:EMAIL}, {@code custom:budget}, {@code new-custom}, {@code tags}, {@code status},
 * {@code captured-at} or {@code ignore}.
 */
record ImportTarget(Kind kind, String value) {

    enum Kind {
        FIELD, CUSTOM, NEW_CUSTOM, TAGS, CAMPAIGN_STATUS, CAPTURED_AT, IGNORE
    }

    static final ImportTarget IGNORE = new ImportTarget(Kind.IGNORE, null);

    static ImportTarget field(LeadField field) {
        return new ImportTarget(Kind.FIELD, field.name());
    }

    static ImportTarget parse(String code) {
        if (code == null || code.isBlank() || code.equals("ignore")) {
            return IGNORE;
        }
        if (code.startsWith("field:")) {
            return new ImportTarget(Kind.FIELD, LeadField.valueOf(code.substring(6)).name());
        }
        if (code.startsWith("custom:")) {
            return new ImportTarget(Kind.CUSTOM, code.substring(7));
        }
        return switch (code) {
            case "new-custom" -> new ImportTarget(Kind.NEW_CUSTOM, null);
            case "tags" -> new ImportTarget(Kind.TAGS, null);
            case "status" -> new ImportTarget(Kind.CAMPAIGN_STATUS, null);
            case "captured-at" -> new ImportTarget(Kind.CAPTURED_AT, null);
            default -> throw new IllegalArgumentException("Unknown column target " + code);
        };
    }

    String code() {
        return switch (kind) {
            case FIELD -> "field:" + value;
            case CUSTOM -> "custom:" + value;
            case NEW_CUSTOM -> "new-custom";
            case TAGS -> "tags";
            case CAMPAIGN_STATUS -> "status";
            case CAPTURED_AT -> "captured-at";
            case IGNORE -> "ignore";
        };
    }

    LeadField leadField() {
        return LeadField.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
