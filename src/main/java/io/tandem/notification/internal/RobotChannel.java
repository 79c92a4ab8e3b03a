package io.tandem.notification.internal;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * A group robot an admin set up: which chat, which notifications (kinds, and whose: a team's members or everybody's),
 * in which language. The webhook URL carries the robot's key and the secret signs requests: both leave the server
 * only towards the platform, pages show them {@linkplain #maskedUrl() masked}.
 */
public record RobotChannel(UUID id, RobotKind kind, String name, String webhookUrl, String secret, UUID teamId,
        Set<String> kinds, String language, boolean active, Instant nextSendAt, Instant lastSentAt,
        String lastError) {

    public Locale locale() {
        return Locale.forLanguageTag(language);
    }

    public boolean hasSecret() {
        return secret != null && !secret.isBlank();
    }

    /** Enough of the address to recognise it, never the key: "https://qyapi.weixin.qq.com/…8d30". */
    public String maskedUrl() {
        return mask(webhookUrl, true);
    }

    public String maskedSecret() {
        return hasSecret() ? mask(secret, false) : "";
    }

    static String mask(String value, boolean keepHost) {
        String tail = value.length() > 12 ? value.substring(value.length() - 4) : "";
        if (keepHost) {
            int scheme = value.indexOf("://");
            int path = scheme < 0 ? -1 : value.indexOf('/', scheme + 3);
            if (path > 0) {
                return value.substring(0, path) + "/…" + tail;
            }
        }
        return "…" + tail;
    }
}
