package io.tandem.shared.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The language of the UI: the user's own choice when they made one, otherwise the browser's, otherwise English.
 * Tandem speaks English and Simplified Chinese.
 */
@Configuration(proxyBeanMethods = false)
public class PreferredLocale {

    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, CHINESE);
    private static final String SESSION_ATTRIBUTE = PreferredLocale.class.getName();

    public static void remember(HttpServletRequest request, String languageTag) {
        parse(languageTag).ifPresent(locale -> request.getSession(true).setAttribute(SESSION_ATTRIBUTE, locale));
    }

    /** Maps any tag (zh, zh-Hans, zh_CN, en-GB …) to a supported locale. */
    public static Optional<Locale> parse(String languageTag) {
        if (languageTag == null || languageTag.isBlank()) {
            return Optional.empty();
        }
        Locale requested = Locale.forLanguageTag(languageTag.replace('_', '-'));
        return switch (requested.getLanguage()) {
            case "zh" -> Optional.of(CHINESE);
            case "en" -> Optional.of(Locale.ENGLISH);
            default -> Optional.empty();
        };
    }

    @Bean
    LocaleResolver localeResolver() {
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                HttpSession session = request.getSession(false);
                if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof Locale chosen) {
                    return chosen;
                }
                String header = request.getHeader("Accept-Language");
                if (header != null) {
                    try {
                        for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                            Optional<Locale> supported = parse(range.getRange());
                            if (supported.isPresent()) {
                                return supported.get();
                            }
                        }
                    } catch (IllegalArgumentException malformed) {
                        return Locale.ENGLISH;
                    }
                }
                return Locale.ENGLISH;
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                remember(request, locale == null ? null : locale.toLanguageTag());
            }
        };
    }
}
