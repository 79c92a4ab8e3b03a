package io.tandem.lead;

import java.util.List;
import java.util.Locale;

/** A field the admin added to leads, e.g. {@code budget_range} with labels in both languages. */
public record CustomFieldDefinition(String key, String labelEn, String labelZh, CustomFieldType type,
        List<String> options) {

    public String label(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? labelZh : labelEn;
    }
}
