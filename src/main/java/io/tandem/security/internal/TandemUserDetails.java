package io.tandem.security.internal;

import java.util.Collection;
import java.util.List;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import io.tandem.security.TandemPrincipal;

/** Spring Security's view of a user, carrying the principal the rest of Tandem works with. */
class TandemUserDetails implements UserDetails, CredentialsContainer {

    private final TandemPrincipal principal;
    private final boolean active;
    private String passwordHash;

    TandemUserDetails(User user) {
        this.principal = new TandemPrincipal(user.id(), user.username(), user.displayName(), user.roles(),
                user.teamId(), null);
        this.active = user.active();
        this.passwordHash = user.passwordHash();
    }

    TandemPrincipal principal() {
        return principal;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities(principal);
    }

    static List<GrantedAuthority> authorities(TandemPrincipal principal) {
        return principal.roles().stream().map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                .toList();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return principal.username();
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
