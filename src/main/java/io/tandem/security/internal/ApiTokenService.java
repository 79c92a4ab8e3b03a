package io.tandem.security.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.TokenScope;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.NotFoundException;

@Service
public class ApiTokenService {

    private final ApiTokens tokens;
    private final Users users;
    private final AuditLog audit;
    private final Clock clock;

    ApiTokenService(ApiTokens tokens, Users users, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** Issues a token; the returned secret is the only time anybody sees it. */
    @Transactional
    public IssuedToken issue(UUID userId, String name, Set<TokenScope> scopes, Actor actor) {
        if (name == null || name.isBlank()) {
            throw BadInputException.of("name", "must not be empty");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw BadInputException.of("scopes", "choose at least one of read, leads:write, activities:write");
        }
        User owner = users.findById(userId).orElseThrow(() -> new NotFoundException("User", userId));
        TokenSecret secret = TokenSecret.generate();
        ApiToken token = ApiToken.issue(owner.id(), name, scopes, secret, clock.instant());
        tokens.save(token);
        audit.record(actor, AuditAction.TOKEN_CREATED, "api_token", token.id(),
                token.name() + " for " + owner.username() + " " + scopes.stream().map(TokenScope::code).toList());
        return new IssuedToken(token.id(), token.name(), secret.value(), scopes);
    }

    @Transactional
    public void revoke(UUID tokenId, TandemPrincipal by, Actor actor) {
        ApiToken token = tokens.findById(tokenId).orElseThrow(() -> new NotFoundException("Token", tokenId));
        if (!token.userId().equals(by.userId()) && !by.has(io.tandem.security.Role.ADMIN)) {
            throw new NotFoundException("Token", tokenId);
        }
        token.revoke(clock.instant());
        tokens.save(token);
        audit.record(actor, AuditAction.TOKEN_REVOKED, "api_token", tokenId, token.name());
    }

    public List<ApiToken> ofUser(UUID userId) {
        return tokens.findByUserIdOrderByCreatedAtDesc(userId);
    }

    public List<ApiToken> all() {
        return tokens.findAllByOrderByCreatedAtDesc();
    }

    /** Resolves a presented secret to the principal it stands for, if the token and its user are active. */
    @Transactional
    public Optional<AuthenticatedToken> authenticate(String presented) {
        if (!TokenSecret.looksLikeToken(presented)) {
            return Optional.empty();
        }
        return tokens.findByTokenHash(new TokenSecret(presented).hash())
                .filter(ApiToken::isActive)
                .flatMap(token -> users.findById(token.userId()).filter(User::active).map(user -> {
                    if (token.lastUseIsStale(clock.instant())) {
                        tokens.markUsed(token.id(), clock.instant());
                    }
                    TandemPrincipal principal = new TandemPrincipal(user.id(), user.username(), user.displayName(),
                            user.roles(), user.teamId(), token.name());
                    return new AuthenticatedToken(principal, token.scopes());
                }));
    }

    public record IssuedToken(UUID id, String name, String token, Set<TokenScope> scopes) {
    }

    public record AuthenticatedToken(TandemPrincipal principal, Set<TokenScope> scopes) {
    }
}
