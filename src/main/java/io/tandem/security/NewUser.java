package io.tandem.security;

import java.util.Set;
import java.util.UUID;

public record NewUser(String username, String displayName, String email, String password, Set<Role> roles,
        UUID teamId) {
}
