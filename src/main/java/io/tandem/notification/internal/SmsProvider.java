package io.tandem.notification.internal;

import java.time.Duration;

/**
 * Where text messages go: {@code tandem.notifications.sms.provider} chooses {@code log} (the default: written to the
 * log, for trying Tandem out) or {@code http} (a gateway that takes {@code {"to": "+86…", "text": "…"}}). Another
 * provider is one more implementation.
 */
public interface SmsProvider {

    /** Sends one text to an E.164 number, or throws {@link SmsException}. */
    void send(String to, String text);

    String name();

    /** The provider did not take the message; {@code retryAfter} is set when it asked to be called later. */
    class SmsException extends RuntimeException {

        private final transient Duration retryAfter;

        public SmsException(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
