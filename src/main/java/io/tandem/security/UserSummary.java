package io.tandem.security;

import java.util.Set;
import java.util.UUID;

public record UserSummary(UUID id, String username, String displayName, Set<Role> roles, UUID teamId,
        boolean active) {
}
