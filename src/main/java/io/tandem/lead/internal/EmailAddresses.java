package io.tandem.lead.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Email addresses as identities: trimmed, lower case, syntactically plausible. */
final class EmailAddresses {

    private static final Pattern PLAUSIBLE = Pattern.compile(
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
        return normalised.length() <= 254 && normalised.indexOf('@') <= 64 && PLAUSIBLE.matcher(normalised).matches()
                && !normalised.contains("..");
    }

    static String domainOf(String normalised) {
        return normalised.substring(normalised.indexOf('@') + 1);
    }

    static boolean isCorporate(String domain) {
        return domain != null && !FREE_MAIL.contains(domain);
    }
}
