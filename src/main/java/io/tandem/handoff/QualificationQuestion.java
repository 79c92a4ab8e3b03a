package io.tandem.handoff;

import java.util.Locale;
import java.util.UUID;

/** A question an admin adds to BANT, e.g. "Current vendor". */
public record QualificationQuestion(UUID id, String labelEn, String labelZh, int position, boolean required,
        boolean active) {

    public String label(Locale locale) {
        return "zh".equals(locale.getLanguage()) ? labelZh : labelEn;
    }
}
