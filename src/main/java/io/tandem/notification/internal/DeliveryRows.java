package io.tandem.notification.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The bookkeeping every channel shares on {@code notification_delivery}: sent, failed (retried with growing pauses,
 * given up after the last), or turned away by a rate limit (tried again later without counting as a try, so a busy
 * robot never makes a message fail).
 */
@Component
class DeliveryRows {

    /** Pauses before the 2nd, 3rd … try; after the last one the message is given up. */
    static final List<Duration> RETRIES = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6));
    private static final int MAX_ERROR = 1000;

    private final JdbcClient jdbc;

    DeliveryRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void sent(Collection<UUID> ids, Instant now) {
        jdbc.sql("""
                update notification_delivery set status = 'SENT', attempts = attempts + 1, sent_at = :now,
                                                 next_attempt_at = null, last_error = null
                where id in (:ids)
                """).param("now", now.atOffset(ZoneOffset.UTC)).param("ids", ids).update();
    }

    /** Counts a failed try of each row; @return whether the rows were given up after their last try */
    boolean failed(Collection<UUID> ids, String error, Instant now) {
        List<String> statuses = jdbc.sql("""
                update notification_delivery
                set attempts = attempts + 1, last_error = :error,
                    status = case when attempts + 1 > :tries then 'FAILED' else 'PENDING' end,
                    next_attempt_at = case when attempts + 1 > :tries then null
                                           else :now + (:pauses::int[])[attempts + 1] * interval '1 second' end
                where id in (:ids) returning status
                """).param("error", clip(error)).param("tries", RETRIES.size())
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("pauses", RETRIES.stream().map(pause -> (int) pause.toSeconds()).toArray(Integer[]::new))
                .param("ids", ids).query(String.class).list();
        return statuses.contains("FAILED");
    }

    /**
     * A rate limit: the rows wait without losing a try (until {@code until}, or, for a robot's rows, as long as the
     * robot's pause); the admin sees why they wait.
     */
    void rateLimited(Collection<UUID> ids, String error, Instant until) {
        jdbc.sql("""
                update notification_delivery set last_error = :error, next_attempt_at = coalesce(:until, next_attempt_at)
                where id in (:ids)
                """).param("error", clip(error)).param("until", until == null ? null : until.atOffset(ZoneOffset.UTC))
                .param("ids", ids).update();
    }

    static String clip(String error) {
        if (error == null) {
            return "unknown error";
        }
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "…";
    }
}
