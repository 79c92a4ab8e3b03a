package io.tandem.security;

import java.util.Locale;
import java.util.UUID;

/** How to reach a person outside Tandem, and in which language. */
public record UserContact(UUID id, String displayName, String email, String locale, boolean active) {

    public Locale preferredLocale() {
        return locale == null || locale.isBlank() ? Locale.SIMPLIFIED_CHINESE : Locale.forLanguageTag(locale);
    }
}
