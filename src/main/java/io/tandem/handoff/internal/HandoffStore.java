package io.tandem.handoff.internal;

import io.tandem.handoff.Qualification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.tandem.handoff.HandoffStatus;
import io.tandem.handoff.RejectionReason;
import io.tandem.shared.NotFoundException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Handoffs and the SDR's working qualification, saved with plain SQL (qualification as JSONB). */
@Repository
class HandoffStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = """
            id, lead_id, sdr_id, rep_id, status, qualification::text, notes, recording_ids, transferred_at,
            answered_at, answered_by, reason_code, reason_comment""";

    private final JdbcClient jdbc;

    HandoffStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Handoff handoff) {
        jdbc.sql("""
                insert into handoff (id, lead_id, sdr_id, rep_id, status, qualification, notes, recording_ids,
                                     transferred_at)
                values (:id, :lead, :sdr, :rep, :status, cast(:qualification as jsonb), :notes, :recordings, :at)
                """).param("id", handoff.id()).param("lead", handoff.leadId()).param("sdr", handoff.sdrId())
                .param("rep", handoff.repId()).param("status", handoff.status().name())
                .param("qualification", write(handoff.qualification())).param("notes", handoff.notes())
                .param("recordings", handoff.recordingIds().toArray(UUID[]::new))
                .param("at", utc(handoff.transferredAt())).update();
    }

    void saveAnswer(Handoff handoff) {
        jdbc.sql("""
                update handoff set status = :status, answered_at = :at, answered_by = :by, reason_code = :reason,
                       reason_comment = :comment, version = version + 1
                where id = :id
                """).param("status", handoff.status().name()).param("at", utc(handoff.answeredAt()))
                .param("by", handoff.answeredBy())
                .param("reason", handoff.reason() == null ? null : handoff.reason().name())
                .param("comment", handoff.comment()).param("id", handoff.id()).update();
    }

    Handoff lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from handoff where id = :id for update").param("id", id)
                .query(HandoffStore::handoff).optional().orElseThrow(() -> new NotFoundException("Handoff", id));
    }

    Optional<Handoff> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from handoff where id = :id").param("id", id)
                .query(HandoffStore::handoff).optional();
    }

    Optional<Handoff> pendingFor(UUID leadId) {
        return jdbc.sql("select " + COLUMNS + " from handoff where lead_id = :lead and status = 'PENDING'")
                .param("lead", leadId).query(HandoffStore::handoff).optional();
    }

    Optional<Handoff> lockLatestAccepted(UUID leadId) {
        return jdbc.sql("select " + COLUMNS + """
                 from handoff where lead_id = :lead and status = 'ACCEPTED'
                order by transferred_at desc limit 1 for update
                """).param("lead", leadId).query(HandoffStore::handoff).optional();
    }

    List<Handoff> ofLead(UUID leadId) {
        return jdbc.sql("select " + COLUMNS + " from handoff where lead_id = :lead order by transferred_at desc")
                .param("lead", leadId).query(HandoffStore::handoff).list();
    }

    /** Transfers awaiting an answer from any of the reps, oldest first: the longest wait is answered first. */
    List<Handoff> pendingForReps(java.util.Collection<UUID> reps) {
        return jdbc.sql("select " + COLUMNS + """
                 from handoff where status = 'PENDING' and rep_id = any(:reps) order by transferred_at limit 200
                """).param("reps", reps.toArray(UUID[]::new)).query(HandoffStore::handoff).list();
    }

    /** What became of an SDR's transfers, newest first. */
    List<Handoff> bySdr(UUID sdr, int limit) {
        return jdbc.sql("select " + COLUMNS + " from handoff where sdr_id = :sdr order by transferred_at desc limit :n")
                .param("sdr", sdr).param("n", limit).query(HandoffStore::handoff).list();
    }

    Qualification qualification(UUID leadId) {
        return jdbc.sql("select budget, authority, need, timeline, answers::text from qualification where lead_id = :lead")
                .param("lead", leadId)
                .query((rs, n) -> new Qualification(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), readAnswers(rs.getString(5))))
                .optional().orElse(Qualification.EMPTY);
    }

    void saveQualification(UUID leadId, Qualification q, String actor, Instant now) {
        jdbc.sql("""
                insert into qualification (lead_id, budget, authority, need, timeline, answers, updated_at, updated_by)
                values (:lead, :budget, :authority, :need, :timeline, cast(:answers as jsonb), :at, :by)
                on conflict (lead_id) do update set budget = excluded.budget, authority = excluded.authority,
                    need = excluded.need, timeline = excluded.timeline, answers = excluded.answers,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """).param("lead", leadId).param("budget", q.budget()).param("authority", q.authority())
                .param("need", q.need()).param("timeline", q.timeline())
                .param("answers", JSON.writeValueAsString(q.answers())).param("at", utc(now)).param("by", actor)
                .update();
    }

    /** A merge moves everything the SDR did with the duplicate to the survivor. */
    void moveAll(UUID from, UUID to) {
        for (String table : List.of("handoff", "sdr_call", "call_recording")) {
            jdbc.sql("update " + table + " set lead_id = :to where lead_id = :from").param("from", from)
                    .param("to", to).update();
        }
        jdbc.sql("""
                insert into qualification (lead_id, budget, authority, need, timeline, answers, updated_at, updated_by)
                select :to, budget, authority, need, timeline, answers, updated_at, updated_by
                from qualification where lead_id = :from
                on conflict (lead_id) do nothing
                """).param("from", from).param("to", to).update();
        jdbc.sql("delete from qualification where lead_id = :from").param("from", from).update();
    }

    private static Handoff handoff(ResultSet rs, int row) throws SQLException {
        Map<String, Object> q = JSON.readValue(rs.getString(6), new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, String> answers = (Map<String, String>) q.getOrDefault("answers", Map.of());
        Qualification qualification = new Qualification((String) q.get("budget"), (String) q.get("authority"),
                (String) q.get("need"), (String) q.get("timeline"), answers);
        String reason = rs.getString(12);
        return new Handoff(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class), qualification, rs.getString(7),
                Arrays.asList((UUID[]) rs.getArray(8).getArray()), instant(rs.getTimestamp(9)),
                HandoffStatus.valueOf(rs.getString(5)), instant(rs.getTimestamp(10)), rs.getString(11),
                reason == null ? null : RejectionReason.valueOf(reason), rs.getString(13));
    }

    private static String write(Qualification q) {
        return JSON.writeValueAsString(q);
    }

    private static Map<String, String> readAnswers(String json) {
        return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
