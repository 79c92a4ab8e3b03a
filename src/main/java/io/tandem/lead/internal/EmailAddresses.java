package io.tandem.lead.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Email addresses as identities: trimmed, lower case, syntactically plausible. */
final class EmailAddresses {

    /** The shape of a plausible address, as a reference for {@link #isPlausible}; tests hold the two together. */
    static final Pattern PLAUSIBLE = Pattern.compile(
            "^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");

    /** Mailboxes anybody can open; their domain says nothing about the company. */
    private static final Set<String> FREE_MAIL = Set.of(
            "qq.com", "vip.qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "vip.163.com", "sina.com",
            "sina.cn", "sohu.com", "aliyun.com", "139.com", "189.cn", "wo.cn", "tom.com", "21cn.com", "gmail.com",
            "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "yahoo.com.cn",
            "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
            "mail.com", "yandex.ru", "zoho.com", "hotmail.co.uk", "outlook.cn");

    private EmailAddresses() {
    }

    static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        if (email.startsWith("mailto:")) {
            email = email.substring(7);
        }
        return email.isEmpty() ? Optional.empty() : Optional.of(email);
    }

    static boolean isValid(String normalised) {
        return normalised.length() <= 254 && normalised.indexOf('@') <= 64 && isPlausible(normalised)
                && !normalised.contains("..");
    }

    /**
     * What {@link #PLAUSIBLE} matches, checked character by character: a local part of the allowed characters, an
     * at sign, and two or more labels of up to 63 letters, digits and inner hyphens. An import checks every row's
     * address, and the regular expression's backtracking over the labels cost more than the rest of the check.
     */
    static boolean isPlausible(String email) {
        int at = email.indexOf('@');
        if (at < 1) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = email.charAt(i);
            if (!isAlphanumeric(c) && LOCAL_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        int labels = 0;
        int start = at + 1;
        while (true) {
            int end = email.indexOf('.', start);
            int stop = end < 0 ? email.length() : end;
            if (!isLabel(email, start, stop)) {
                return false;
            }
            labels++;
            if (end < 0) {
                return labels >= 2;
            }
            start = end + 1;
        }
    }

    private static final String LOCAL_SYMBOLS = "!#$%&'*+/=?^_`{|}~.-";

    private static boolean isLabel(String email, int start, int stop) {
        int length = stop - start;
        if (length < 1 || length > 63 || !isAlphanumeric(email.charAt(start))
                || !isAlphanumeric(email.charAt(stop - 1))) {
            return false;
        }
        for (int i = start + 1; i < stop - 1; i++) {
            char c = email.charAt(i);
            if (!isAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    static String domainOf(String normalised) {
        return normalised.substring(normalised.indexOf('@') + 1);
    }

    static boolean isCorporate(String domain) {
        return domain != null && !FREE_MAIL.contains(domain);
    }
}
