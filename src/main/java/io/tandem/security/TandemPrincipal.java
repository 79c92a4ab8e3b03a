package io.tandem.security;

import java.io.Serial;
import java.io.Serializable;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated person or machine client. {@code tokenName} is set when the request came with an API token.
 */
public record TandemPrincipal(UUID userId, String username, String displayName, Set<Role> roles, UUID teamId,
        String tokenName) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Mirrors {@link CanReadLeads}: for menus and buttons; the annotation is what enforces it. */
    public boolean canReadLeads() {
        return roles.stream().anyMatch(role -> role != Role.SALES_REP);
    }

    /** Mirrors {@link CanManageLeads}. */
    public boolean canManageLeads() {
        return has(Role.ADMIN) || has(Role.MARKETING);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }

    public String actorName() {
        return tokenName == null ? username : "token:" + tokenName + " (" + username + ")";
    }
}
