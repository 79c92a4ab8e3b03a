package io.tandem.capture.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

import io.tandem.shared.BadInputException;
import io.tandem.shared.db.Transactions;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key}: the first request with a key does the work and its response is kept for a day in the same
 * transaction; a retry with the same body gets that response again, a reuse with another body is refused.
 */
@Component
public class IdempotencyKeys {

    public static final Duration RETENTION = Duration.ofHours(24);
    public static final URI KEY_REUSED = URI.create("https://tandem.dev/problems/idempotency-key-reused");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /** Runs {@code work} once per scope and key, in one transaction with the key. */
    public ResponseEntity<?> execute(String scope, String key, Object request, Supplier<ResponseEntity<?>> work) {
        if (key == null) {
            return Transactions.retryingOnConflict(transactions, work);
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw BadInputException.of("Idempotency-Key", "use 1 to 255 visible ASCII characters");
        }
        String requestHash = hash(json.writeValueAsString(request));
        return Transactions.retryingOnConflict(transactions, () -> {
            boolean first = jdbc.sql("""
                    insert into idempotency_key (scope, key, request_hash, created_at) values (:scope, :key, :hash, :now)
                    on conflict (scope, key) do nothing
                    """)
                    .param("scope", scope).param("key", key).param("hash", requestHash)
                    .param("now", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                    .update() == 1;
            if (!first) {
                return replay(scope, key, requestHash);
            }
            ResponseEntity<?> response = work.get();
            jdbc.sql("""
                    update idempotency_key set response_status = :status, response_body = :body
                    where scope = :scope and key = :key
                    """)
                    .param("status", response.getStatusCode().value())
                    .param("body", json.writeValueAsString(response.getBody()))
                    .param("scope", scope).param("key", key)
                    .update();
            return response;
        });
    }

    private ResponseEntity<?> replay(String scope, String key, String requestHash) {
        Optional<Stored> stored = jdbc.sql("""
                select request_hash, response_status, response_body from idempotency_key
                where scope = :scope and key = :key
                """).param("scope", scope).param("key", key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3))).optional();
        if (stored.isEmpty() || !stored.get().requestHash().equals(requestHash)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                    "The Idempotency-Key '" + key + "' was already used with a different request body; "
                            + "use a new key for a new request");
            problem.setType(KEY_REUSED);
            problem.setTitle("Idempotency-Key reused");
            throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
        }
        return ResponseEntity.status(stored.get().status())
                .header("Idempotent-Replayed", "true")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(stored.get().body());
    }

    private record Stored(String requestHash, int status, String body) {
    }

    /** Drops remembered responses after {@link #RETENTION}. */
    public int forgetExpired() {
        return jdbc.sql("delete from idempotency_key where created_at < :cutoff")
                .param("cutoff", clock.instant().minus(RETENTION).atOffset(java.time.ZoneOffset.UTC)).update();
    }

    private static String hash(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
