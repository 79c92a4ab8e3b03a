package io.tandem.security;

import java.util.Locale;
import java.util.UUID;

/** How to reach a person outside Tandem, and in which language; {@code mobile} is E.164 or {@code null}. */
public record UserContact(UUID id, String displayName, String email, String locale, boolean active, String mobile) {

    public Locale preferredLocale() {
        return locale == null || locale.isBlank() ? Locale.SIMPLIFIED_CHINESE : Locale.forLanguageTag(locale);
    }
}
