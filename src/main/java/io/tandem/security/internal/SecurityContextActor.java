package io.tandem.security.internal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.tandem.security.TandemPrincipal;
import io.tandem.shared.Actor;
import io.tandem.shared.CurrentActor;

@Component
class SecurityContextActor implements CurrentActor {

    @Override
    public Actor get() {
        TandemPrincipal principal = principal(SecurityContextHolder.getContext().getAuthentication());
        String origin = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr()
                : "system";
        if (principal == null) {
            return new Actor(null, "anonymous", origin);
        }
        return new Actor(principal.userId(), principal.actorName(), origin);
    }

    static TandemPrincipal principal(Authentication authentication) {
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
