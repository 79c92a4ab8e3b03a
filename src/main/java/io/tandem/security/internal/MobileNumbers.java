package io.tandem.security.internal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;

/**
 * A person's own mobile number for text messages, kept in E.164. The lead module normalises leads' numbers its own
 * way (with a fast path for imports); people are few, so the plain library call does.
 */
@Component
class MobileNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    MobileNumbers(@Value("${tandem.identity.default-region:CN}") String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /** @return the number in E.164, {@code null} for an empty one; refuses what is no mobile number */
    String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String cleaned = raw.strip();
        if (cleaned.startsWith("00")) {
            cleaned = "+" + cleaned.substring(2);
        }
        try {
            PhoneNumber number = UTIL.parse(cleaned, defaultRegion);
            PhoneNumberType type = UTIL.getNumberType(number);
            if (UTIL.isValidNumber(number)
                    && (type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE)) {
                return UTIL.format(number, PhoneNumberFormat.E164);
            }
        } catch (NumberParseException e) {
            // refused below like any other number that is not a mobile one
        }
        throw BadInputException.of(FieldProblem.of("mobile", "user.mobile", raw.strip()));
    }
}
