package io.tandem.security.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ApiTokens extends ListCrudRepository<ApiToken, UUID> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    List<ApiToken> findByUserIdOrderByCreatedAtDesc(UUID userId);

    List<ApiToken> findAllByOrderByCreatedAtDesc();

    @Modifying
    @Query("update api_token set last_used_at = :at where id = :id")
    void markUsed(UUID id, Instant at);
}
