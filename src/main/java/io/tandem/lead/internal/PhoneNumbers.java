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

    /**
     * The type of each block of ten thousand Chinese mobile numbers (national numbers 1300000xxxx to 1999999xxxx),
     * once looked up: 0 while unknown, else the type's ordinal plus one. Numbers are allocated to carriers in such
     * blocks (号段), and the library's patterns for them look at no later digit. The look-up was a tenth of an
     * import's JVM time, and an import meets the same blocks again and again. Two threads filling the same entry
     * write the same value.
     */
    private final byte[] chineseMobileBlockTypes = new byte[700_000];

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
            PhoneNumberType type;
            String e164;
            if (number != null) {
                type = chineseMobileType(number);
                e164 = "+86" + number.getNationalNumber();
            } else {
                number = UTIL.parse(cleaned, defaultRegion);
                if (!UTIL.isValidNumber(number)) {
                    return Optional.of(Parsed.invalid());
                }
                type = UTIL.getNumberType(number);
                e164 = UTIL.format(number, PhoneNumberFormat.E164);
            }
            if (type == PhoneNumberType.UNKNOWN) {
                // For +86 (a region with number patterns) valid means exactly: of a known type.
                return Optional.of(Parsed.invalid());
            }
            boolean mobile = type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE;
            return Optional.of(new Parsed(e164, mobile, true));
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

    private PhoneNumberType chineseMobileType(PhoneNumber number) {
        int block = (int) (number.getNationalNumber() / 10_000) - 1_300_000;
        byte known = chineseMobileBlockTypes[block];
        if (known != 0) {
            return PhoneNumberType.values()[known - 1];
        }
        PhoneNumberType type = UTIL.getNumberType(number);
        chineseMobileBlockTypes[block] = (byte) (type.ordinal() + 1);
        return type;
    }

    record Parsed(String e164, boolean mobile, boolean valid) {
        static Parsed invalid() {
            return new Parsed(null, false, false);
        }
    }
}
