package io.tandem.security.web;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.TokenScope;
import io.tandem.security.UserSummary;
import io.tandem.security.internal.ApiTokenService;
import io.tandem.security.internal.UserAccounts;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;

@Tag(name = "Tokens")
@RestController
@RequestMapping("/api/v1/tokens")
class TokenApi {

    private final ApiTokenService tokens;
    private final UserAccounts users;
    private final CurrentActor actor;

    TokenApi(ApiTokenService tokens, UserAccounts users, CurrentActor actor) {
        this.tokens = tokens;
        this.users = users;
        this.actor = actor;
    }

    @Operation(summary = "Create an API token (admins; HTTP Basic works here so a script can bootstrap)",
            description = "The secret is in the response once and never again. 'username' creates the token for "
                    + "another user; the token can then do what that user's roles and the token's scopes both allow.")
    @PostMapping
    ResponseEntity<CreatedToken> create(@RequestBody TokenRequest request, TandemPrincipal principal) {
        UUID owner = principal.userId();
        if (request.username() != null && !request.username().isBlank()) {
            owner = users.findByUsername(request.username()).map(UserSummary::id)
                    .orElseThrow(() -> BadInputException.of("username", "no such user"));
        }
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        for (String code : request.scopes() == null ? List.<String>of() : request.scopes()) {
            scopes.add(TokenScope.fromCode(code).orElseThrow(() -> BadInputException.of("scopes",
                    "\"" + code + "\" is not a scope; use read, leads:write or activities:write")));
        }
        ApiTokenService.IssuedToken issued = tokens.issue(owner, request.name(), scopes, actor.get());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.id()))
                .body(new CreatedToken(issued.id(), issued.name(), issued.token(),
                        issued.scopes().stream().map(TokenScope::code).sorted().toList()));
    }

    @Operation(summary = "Revoke a token (its owner or an admin)")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id, TandemPrincipal principal) {
        tokens.revoke(id, principal, actor.get());
        return ResponseEntity.noContent().build();
    }

    record TokenRequest(String name, List<String> scopes, String username) {
    }

    record CreatedToken(UUID id, String name, String token, List<String> scopes) {
    }
}
