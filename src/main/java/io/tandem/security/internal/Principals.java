package io.tandem.security.internal;

import org.springframework.security.core.Authentication;

import io.tandem.security.TandemPrincipal;

public final class Principals {

    private Principals() {
    }

    /** The principal of a session or token authentication; {@code null} when nobody is signed in. */
    public static TandemPrincipal of(Authentication authentication) {
        if (authentication == null) {
            return null;
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof TandemPrincipal tandem) {
            return tandem;
        }
        if (principal instanceof TandemUserDetails details) {
            return details.principal();
        }
        return null;
    }
}
