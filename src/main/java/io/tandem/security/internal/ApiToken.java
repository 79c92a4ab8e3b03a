package io.tandem.security.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.tandem.security.TokenScope;
import io.tandem.shared.Ids;

/** A personal API token. Only its SHA-256 hash is stored; the secret is shown once, at creation. */
@Table("api_token")
public class ApiToken {

    private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

    @Id
    private UUID id;
    private UUID userId;
    private String name;
    private String tokenHash;
    private String tokenPrefix;
    private Set<String> scopes;
    private Instant createdAt;
    private Instant lastUsedAt;
    private Instant revokedAt;
    @Version
    private Integer version;

    ApiToken() {
    }

    static ApiToken issue(UUID userId, String name, Set<TokenScope> scopes, TokenSecret secret, Instant now) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("A token needs at least one scope");
        }
        ApiToken token = new ApiToken();
        token.id = Ids.next();
        token.userId = userId;
        token.name = name.trim();
        token.tokenHash = secret.hash();
        token.tokenPrefix = secret.displayPrefix();
        token.scopes = new TreeSet<>(scopes.stream().map(TokenScope::code).toList());
        token.createdAt = now;
        return token;
    }

    boolean isActive() {
        return revokedAt == null;
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    /** Writing the last use on every request would turn each read into a write; a minute's precision is enough. */
    boolean lastUseIsStale(Instant now) {
        return lastUsedAt == null || lastUsedAt.plus(LAST_USE_PRECISION).isBefore(now);
    }

    public Set<TokenScope> scopes() {
        EnumSet<TokenScope> result = EnumSet.noneOf(TokenScope.class);
        scopes.forEach(code -> TokenScope.fromCode(code).ifPresent(result::add));
        return result;
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    public String name() {
        return name;
    }

    public String tokenPrefix() {
        return tokenPrefix;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public Instant revokedAt() {
        return revokedAt;
    }
}
