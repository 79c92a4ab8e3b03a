package io.tandem.lead.internal;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers in E.164. Only mobile numbers identify a person: a switchboard number is shared by a whole company.
 */
@Component
class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    PhoneNumbers(@Value("${tandem.identity.default-region:CN}") String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    Optional<Parsed> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String cleaned = raw.strip();
        if (cleaned.startsWith("00")) {
            cleaned = "+" + cleaned.substring(2);
        }
        try {
            PhoneNumber number = UTIL.parse(cleaned, defaultRegion);
            if (!UTIL.isValidNumber(number)) {
                return Optional.of(Parsed.invalid());
            }
            PhoneNumberType type = UTIL.getNumberType(number);
            boolean mobile = type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
            return Optional.of(new Parsed(UTIL.format(number, PhoneNumberFormat.E164), mobile, true));
        } catch (NumberParseException e) {
            return Optional.of(Parsed.invalid());
        }
    }

    record Parsed(String e164, boolean mobile, boolean valid) {
        static Parsed invalid() {
            return new Parsed(null, false, false);
        }
    }
}
