package io.tandem.security.internal;

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
        TandemPrincipal principal = Principals.of(SecurityContextHolder.getContext().getAuthentication());
        String origin = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr()
                : "system";
        if (principal == null) {
            return new Actor(null, "anonymous", origin);
        }
        return new Actor(principal.userId(), principal.actorName(), origin);
    }

}
