package io.tandem.audit;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.shared.Actor;

/** Appends audit rows. Joins the caller's transaction: no audit row without its action, no action without its row. */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Actor actor, AuditAction action, String objectType, Object objectId, String summary) {
        insert(actor, action, objectType, new String[] { objectId == null ? null : objectId.toString() },
                new String[] { summary });
    }

    /** One row per object, written with a single statement; nothing for no objects. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(Actor actor, AuditAction action, String objectType, Collection<?> objectIds,
            String summary) {
        if (!objectIds.isEmpty()) {
            String[] summaries = new String[objectIds.size()];
            java.util.Arrays.fill(summaries, summary);
            insert(actor, action, objectType, objectIds.stream().map(String::valueOf).toArray(String[]::new),
                    summaries);
        }
    }

    /** One row per object with its own summary, written with a single statement; nothing for no objects. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordEach(Actor actor, AuditAction action, String objectType, Map<?, String> summaryByObjectId) {
        if (!summaryByObjectId.isEmpty()) {
            List<? extends Map.Entry<?, String>> entries = List.copyOf(summaryByObjectId.entrySet());
            insert(actor, action, objectType, entries.stream().map(e -> String.valueOf(e.getKey()))
                    .toArray(String[]::new), entries.stream().map(Map.Entry::getValue).toArray(String[]::new));
        }
    }

    private void insert(Actor actor, AuditAction action, String objectType, String[] ids, String[] summaries) {
        jdbc.sql("""
                insert into audit_event (occurred_at, actor_id, actor, origin, action, object_type, object_id, summary)
                select :at, :actorId, :actor, :origin, :action, :objectType, object_id, summary
                from unnest(:ids::text[], :summaries::text[]) as e(object_id, summary)
                """)
                .param("at", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .param("actorId", actor.userId())
                .param("actor", actor.name())
                .param("origin", actor.origin())
                .param("action", action.name())
                .param("objectType", objectType)
                .param("ids", ids)
                .param("summaries", summaries)
                .update();
    }
}
