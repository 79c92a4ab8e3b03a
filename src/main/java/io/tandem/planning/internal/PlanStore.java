package io.tandem.planning.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.planning.PlanInputs;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.NotFoundException;
import tools.jackson.databind.json.JsonMapper;

/** Named plans and their numbered versions; a version is never changed, saving makes the next one. */
@Component
public class PlanStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;

    PlanStore(JdbcClient jdbc, JsonMapper json, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    public record PlanSummary(UUID id, String name, int latestVersion, Instant updatedAt) {
    }

    public record StoredVersion(UUID planId, String name, int version, PlanInputs inputs, String note,
            Instant createdAt, String createdBy) {
    }

    @Transactional
    public UUID create(String name, PlanInputs inputs, String note, Actor actor) {
        if (name == null || name.isBlank() || name.strip().length() > 120) {
            throw BadInputException.of("name", "Name the plan (at most 120 characters)");
        }
        inputs.validated();
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("insert into plan (id, name, created_at, created_by) values (:id, :name, :at, :by)")
                    .param("id", id).param("name", name.strip()).param("at", Timestamp.from(clock.instant()))
                    .param("by", actor.name()).update();
        } catch (DuplicateKeyException e) {
            throw BadInputException.of("name", "A plan with this name exists already");
        }
        insertVersion(id, 1, inputs, note, actor);
        audit.record(actor, AuditAction.CREATED, "plan", id, name.strip() + ", version 1: " + targetOf(inputs));
        return id;
    }

    /** Saves the inputs as the plan's next version and returns its number. */
    @Transactional
    public int saveVersion(UUID planId, PlanInputs inputs, String note, Actor actor) {
        inputs.validated();
        // the plan's row is the lock: two people saving at once get consecutive versions
        jdbc.sql("select id from plan where id = :id for update").param("id", planId).query(UUID.class).optional()
                .orElseThrow(() -> new NotFoundException("plan", planId));
        Integer latest = jdbc.sql("select max(version) from plan_version where plan_id = :id")
                .param("id", planId).query(Integer.class).optional().orElse(null);
        int version = latest == null ? 1 : latest + 1;
        insertVersion(planId, version, inputs, note, actor);
        audit.record(actor, AuditAction.UPDATED, "plan", planId, "version " + version + ": " + targetOf(inputs));
        return version;
    }

    /** What a reader of the audit log wants to see changed: the revenue target and its period. */
    private static String targetOf(PlanInputs inputs) {
        String period = inputs.year() + (inputs.quarter() == null ? "" : " Q" + inputs.quarter());
        return "revenue target " + inputs.revenueTarget().toPlainString() + " for " + period;
    }

    private void insertVersion(UUID planId, int version, PlanInputs inputs, String note, Actor actor) {
        jdbc.sql("""
                insert into plan_version (plan_id, version, inputs, note, created_at, created_by)
                values (:plan, :version, cast(:inputs as jsonb), :note, :at, :by)
                """).param("plan", planId).param("version", version).param("inputs", json.writeValueAsString(inputs))
                .param("note", note == null || note.isBlank() ? null : note.strip())
                .param("at", Timestamp.from(clock.instant())).param("by", actor.name()).update();
    }

    public List<PlanSummary> plans() {
        return jdbc.sql("""
                select p.id, p.name, max(v.version) as latest, max(v.created_at) as updated
                from plan p join plan_version v on v.plan_id = p.id group by p.id, p.name order by updated desc
                """).query((rs, n) -> new PlanSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                rs.getTimestamp(4).toInstant())).list();
    }

    /** The version, or the latest when {@code version} is {@code null}. */
    public Optional<StoredVersion> version(UUID planId, Integer version) {
        return jdbc.sql("""
                select p.id, p.name, v.version, v.inputs::text, v.note, v.created_at, v.created_by
                from plan p join plan_version v on v.plan_id = p.id
                where p.id = :id and (v.version = :version or cast(:version as int) is null)
                order by v.version desc limit 1
                """).param("id", planId).param("version", version, java.sql.Types.INTEGER)
                .query((rs, n) -> new StoredVersion(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                        json.readValue(rs.getString(4), PlanInputs.class), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), rs.getString(7))).optional();
    }

    public List<StoredVersion> versions(UUID planId) {
        return jdbc.sql("""
                select p.id, p.name, v.version, v.inputs::text, v.note, v.created_at, v.created_by
                from plan p join plan_version v on v.plan_id = p.id where p.id = :id order by v.version desc
                """).param("id", planId).query((rs, n) -> new StoredVersion(rs.getObject(1, UUID.class),
                rs.getString(2), rs.getInt(3), json.readValue(rs.getString(4), PlanInputs.class), rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getString(7))).list();
    }
}
