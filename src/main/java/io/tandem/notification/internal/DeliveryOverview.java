package io.tandem.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The admin's view of every channel's deliveries: what failed or waits after a failure or a rate limit, how much each
 * group robot still has to send; and a failed message sent once more.
 */
@Component
public class DeliveryOverview {

    private final JdbcClient jdbc;
    private final Clock clock;

    DeliveryOverview(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A delivery as the admin's page shows it; {@code recipient} is the address, number or robot's name. */
    public record Delivery(UUID id, String channel, String recipient, String subject, String status, int attempts,
            String lastError, Instant createdAt, Instant nextAttemptAt) {
    }

    public List<Delivery> troubled(int limit) {
        return jdbc.sql("""
                select id, channel, recipient, subject, status, attempts, last_error, created_at, next_attempt_at
                from notification_delivery
                where status = 'FAILED' or (status = 'PENDING' and (attempts > 0 or last_error is not null))
                order by created_at desc, id limit :limit
                """).param("limit", limit).query((rs, n) -> new Delivery(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                        rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant())).list();
    }

    /** Messages each group robot still has to send. */
    public Map<UUID, Long> pendingByRobot() {
        return jdbc.sql("""
                select channel_id, count(*) from notification_delivery
                where status = 'PENDING' and channel_id is not null group by channel_id
                """).query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The admin sends a failed message once more. */
    public boolean retry(UUID id) {
        return jdbc.sql("""
                update notification_delivery set status = 'PENDING', next_attempt_at = :now
                where id = :id and status = 'FAILED'
                """).param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", id).update() == 1;
    }
}
