package io.tandem.connectors.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing and verifying per the Standard Webhooks specification (https://www.standardwebhooks.com): the headers
 * {@code webhook-id}, {@code webhook-timestamp} (epoch seconds) and {@code webhook-signature}, which holds one or
 * more space-separated {@code v1,<base64 HMAC-SHA256>} signatures over {@code "{id}.{timestamp}.{body}"}. The secret
 * is written {@code whsec_<base64>}; the key is the base64-decoded part.
 */
public final class StandardWebhooks {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    /** How far a message's timestamp may be from now, either way: older ones may be replays. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "whsec_";

    private StandardWebhooks() {
    }

    /** Why a message is not accepted; the message says it for the sender's log. */
    public static final class InvalidSignature extends Exception {

        public InvalidSignature(String message) {
            super(message);
        }
    }

    /**
     * @return the {@code webhook-signature} header's value, {@code v1,<base64>}
     * @throws IllegalArgumentException when the secret is not {@code whsec_} and base64
     */
    public static String sign(String secret, String id, long timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), id, timestamp, body));
    }

    /**
     * Checks a received message: all three headers present, the timestamp within {@link #TOLERANCE} of {@code now},
     * and at least one of the {@code v1} signatures made with the secret (compared in constant time).
     */
    public static void verify(String secret, String id, String timestamp, String signatures, String body,
            Instant now) throws InvalidSignature {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            throw new InvalidSignature("the headers webhook-id, webhook-timestamp and webhook-signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSignature("webhook-timestamp must be epoch seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            throw new InvalidSignature("webhook-timestamp is more than " + TOLERANCE.toMinutes()
                    + " minutes from Tandem's time: send the message with the current time (and check the clock)");
        }
        byte[] key;
        try {
            key = key(secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignature("the connector's signing secret is not a whsec_ secret");
        }
        byte[] expected = hmac(key, id, seconds, body);
        boolean matched = false;
        for (String candidate : signatures.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !"v1".equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            // Every candidate is compared, so the time taken tells nothing about which one matched.
            matched |= MessageDigest.isEqual(expected, given);
        }
        if (!matched) {
            throw new InvalidSignature("no v1 signature in webhook-signature matches the connector's signing secret");
        }
    }

    /** The HMAC key of a {@code whsec_<base64>} secret (the prefix may be left out). */
    static byte[] key(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("no signing secret");
        }
        String base64 = secret.strip().startsWith(PREFIX) ? secret.strip().substring(PREFIX.length()) : secret.strip();
        byte[] key = Base64.getDecoder().decode(base64);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty signing secret");
        }
        return key;
    }

    private static byte[] hmac(byte[] key, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
