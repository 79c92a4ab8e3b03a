package io.tandem.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.shared.Ids;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each person's notifications. Writing is idempotent by the causing event's key, because the event registry
 * delivers at least once.
 */
@Component
public class Inbox {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final OutboundMessages outbound;
    private final Clock clock;

    Inbox(JdbcClient jdbc, OutboundMessages outbound, Clock clock) {
        this.jdbc = jdbc;
        this.outbound = outbound;
        this.clock = clock;
    }

    /** One notification; {@code kind} names the message, {@code params} fill it in the reader's language. */
    public record Notification(UUID id, String kind, UUID leadId, String link, Map<String, String> params,
            Instant createdAt, Instant readAt) {

        public boolean unread() {
            return readAt == null;
        }

        public String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    /**
     * Notifies the person in Tandem and queues the messages outside it (e-mail, SMS, group robots) their preferences
     * and the admin's channels call for — all written in this transaction, so a redelivered event neither loses nor
     * doubles any.
     */
    @Transactional
    public void notify(UUID userId, String kind, UUID leadId, String link, Map<String, String> params,
            String dedupeKey) {
        UUID id = Ids.next();
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                insert into notification (id, user_id, kind, lead_id, link, params, created_at, dedupe_key)
                values (:id, :user, :kind, :lead, :link, cast(:params as jsonb), :at, :key)
                on conflict (dedupe_key) do nothing
                """).param("id", id).param("user", userId).param("kind", kind).param("lead", leadId)
                .param("link", link).param("params", JSON.writeValueAsString(params))
                .param("at", now.atOffset(ZoneOffset.UTC)).param("key", dedupeKey).update();
        if (inserted == 1) {
            outbound.enqueue(userId, new Notification(id, kind, leadId, link, params, now, null));
        }
    }

    public long unread(UUID userId) {
        return jdbc.sql("select count(*) from notification where user_id = :user and read_at is null")
                .param("user", userId).query(Long.class).single();
    }

    public List<Notification> latest(UUID userId, int limit) {
        return jdbc.sql("""
                select id, kind, lead_id, link, params::text, created_at, read_at from notification
                where user_id = :user order by created_at desc, id desc limit :limit
                """).param("user", userId).param("limit", limit)
                .query((rs, n) -> new Notification(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getObject(3, UUID.class), rs.getString(4),
                        JSON.readValue(rs.getString(5), new TypeReference<Map<String, String>>() { }),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()))
                .list();
    }

    /** Marks it read and returns where it points; somebody else's notification does not exist for this reader. */
    @Transactional
    public Optional<String> open(UUID userId, UUID id) {
        return jdbc.sql("""
                update notification set read_at = coalesce(read_at, :now) where id = :id and user_id = :user
                returning link
                """).param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("id", id).param("user", userId)
                .query(String.class).optional();
    }

    @Transactional
    public void readAll(UUID userId) {
        jdbc.sql("update notification set read_at = :now where user_id = :user and read_at is null")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).param("user", userId).update();
    }
}
