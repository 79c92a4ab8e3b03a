package io.tandem.connectors.internal;

import java.time.Duration;

/** A call to a CRM that failed as a whole, and what that means for trying again. */
public class CrmCallFailure extends Exception {

    public enum Kind {
        /** Worth another try later: a 5xx, a timeout, a dropped connection. */
        TRANSIENT,
        /** The CRM asks Tandem to slow down (429, REQUEST_LIMIT_EXCEEDED): every call waits {@link #retryAfter()}. */
        RATE_LIMITED,
        /** Tandem's daily call budget for this CRM is used up. */
        BUDGET_EXHAUSTED,
        /** Tandem could not sign in (wrong client id, secret or key): retried, but an admin must look. */
        AUTHENTICATION,
        /** The CRM refused the request itself (e.g. an unknown field): sending it again will not help. */
        REFUSED
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;
    private final String response;

    public CrmCallFailure(Kind kind, int status, String message, Duration retryAfter, String response) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.response = response;
    }

    public static CrmCallFailure transientFailure(int status, String message, String response) {
        return new CrmCallFailure(Kind.TRANSIENT, status, message, null, response);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public String response() {
        return response;
    }
}
