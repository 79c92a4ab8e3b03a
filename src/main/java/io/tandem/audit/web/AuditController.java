package io.tandem.audit.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log for admins, newest first, filtered by object, actor or action; paged by id. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditController {

    private final JdbcClient jdbc;

    AuditController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Entry(long id, Instant at, String actor, String origin, String action, String objectType, String objectId,
            String summary) {

        public boolean isLead() {
            return "lead".equals(objectType) && objectId != null;
        }
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String object, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) Long before, Model model) {
        String objectId = blank(object);
        String actorName = blank(actor);
        String actionName = blank(action);
        List<Entry> entries = jdbc.sql("""
                select id, occurred_at, actor, origin, action, object_type, object_id, summary from audit_event
                where (cast(:object as text) is null or object_id = :object)
                  and (cast(:actor as text) is null or actor = :actor)
                  and (cast(:action as text) is null or action = :action)
                  and (cast(:before as bigint) is null or id < :before)
                order by id desc limit 101
                """)
                .param("object", objectId).param("actor", actorName).param("action", actionName)
                .param("before", before)
                .query((rs, n) -> new Entry(rs.getLong(1), ((Timestamp) rs.getTimestamp(2)).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8)))
                .list();
        model.addAttribute("entries", entries.size() > 100 ? entries.subList(0, 100) : entries);
        model.addAttribute("next", entries.size() > 100 ? entries.get(99).id() : null);
        model.addAttribute("object", objectId);
        model.addAttribute("actor", actorName);
        model.addAttribute("action", actionName);
        model.addAttribute("actions", io.tandem.audit.AuditAction.values());
        return "audit/audit";
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}
