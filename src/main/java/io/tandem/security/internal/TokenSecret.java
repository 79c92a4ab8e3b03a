package io.tandem.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret part of an API token: {@code tdm_} and 32 random bytes. Tokens carry enough entropy that a fast hash is
 * safe; a slow password hash would only slow every API call down.
 */
record TokenSecret(String value) {

    static final String PREFIX = "tdm_";
    private static final SecureRandom RANDOM = new SecureRandom();

    static TokenSecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new TokenSecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    static boolean looksLikeToken(String candidate) {
        return candidate != null && candidate.startsWith(PREFIX) && candidate.length() > PREFIX.length() + 20;
    }

    String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String displayPrefix() {
        return value.substring(0, PREFIX.length() + 6) + "…";
    }

    @Override
    public String toString() {
        return displayPrefix();
    }
}
