package io.tandem.security.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.tandem.security.TandemPrincipal;
import io.tandem.security.TokenScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Authenticates {@code Authorization: Bearer tdm_…}; a wrong or revoked token is a 401 problem, never anonymous. */
class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokenService tokens;

    BearerTokenFilter(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        var authenticated = tokens.authenticate(header.substring(7).trim());
        if (authenticated.isEmpty()) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            response.getWriter().write("""
                    {"type":"https://tandem.dev/problems/unauthorized","title":"Unauthorized","status":401,\
                    "detail":"The API token is unknown, revoked, or its user is deactivated"}""");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new TokenAuthentication(authenticated.get().principal(),
                authenticated.get().scopes()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    static final class TokenAuthentication extends AbstractAuthenticationToken {

        private final TandemPrincipal principal;

        TokenAuthentication(TandemPrincipal principal, java.util.Set<TokenScope> scopes) {
            super(authorities(principal, scopes));
            this.principal = principal;
            setAuthenticated(true);
        }

        private static List<GrantedAuthority> authorities(TandemPrincipal principal, java.util.Set<TokenScope> scopes) {
            List<GrantedAuthority> authorities = new ArrayList<>(TandemUserDetails.authorities(principal));
            scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
            return authorities;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public TandemPrincipal getPrincipal() {
            return principal;
        }
    }
}
