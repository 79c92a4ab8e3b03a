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
            PhoneNumber number = chineseMobileForm(cleaned);
            if (number == null) {
                number = UTIL.parse(cleaned, defaultRegion);
                if (!UTIL.isValidNumber(number)) {
                    return Optional.of(Parsed.invalid());
                }
            }
            PhoneNumberType type = UTIL.getNumberType(number);
            if (type == PhoneNumberType.UNKNOWN) {
                // For +86 (a region with number patterns) valid means exactly: of a known type.
                return Optional.of(Parsed.invalid());
            }
            boolean mobile = type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
            return Optional.of(new Parsed(UTIL.format(number, PhoneNumberFormat.E164), mobile, true));
        } catch (NumberParseException e) {
            return Optional.of(Parsed.invalid());
        }
    }

    /**
     * The number {@link PhoneNumberUtil#parse} would make of a plain Chinese mobile number ({@code 13912345678} or
     * {@code +8613912345678}), without its general parser, which costs more than the rest of a lead's import.
     * {@code null} for any other form, which takes the general path. Prefixes 11, 12 and 179 are left to the general
     * parser because China's national-prefix rule (carrier selection codes) applies to them.
     */
    PhoneNumber chineseMobileForm(String cleaned) {
        int start;
        if (cleaned.length() == 11 && "CN".equals(defaultRegion)) {
            start = 0;
        } else if (cleaned.length() == 14 && cleaned.startsWith("+86")) {
            start = 3;
        } else {
            return null;
        }
        char second = cleaned.charAt(start + 1);
        if (cleaned.charAt(start) != '1' || second < '3' || second > '9'
                || (second == '7' && cleaned.charAt(start + 2) == '9')) {
            return null;
        }
        long national = 0;
        for (int i = start; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            national = national * 10 + (c - '0');
        }
        return new PhoneNumber().setCountryCode(86).setNationalNumber(national);
    }

    record Parsed(String e164, boolean mobile, boolean valid) {
        static Parsed invalid() {
            return new Parsed(null, false, false);
        }
    }
}
