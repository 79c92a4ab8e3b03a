package io.tandem.handoff.internal;

import io.tandem.handoff.Qualification;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.handoff.Disposition;
import io.tandem.handoff.HandoffAccepted;
import io.tandem.handoff.HandoffRejected;
import io.tandem.handoff.LeadTransferred;
import io.tandem.handoff.RejectionReason;
import io.tandem.lead.LeadHandoffs;
import io.tandem.lead.LeadStages;
import io.tandem.lifecycle.Stage;
import io.tandem.security.Role;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.Ids;
import io.tandem.shared.NotFoundException;

/**
 * What SDRs and reps do in the handoff: claim, call, qualify, disqualify, transfer out; accept or reject. The lead's
 * own rules are checked by the Lead aggregate; the handoff's by {@link Handoff}; both change in one transaction.
 */
@Service
public class SdrWork implements io.tandem.handoff.Handoffs {

    static final Set<Role> REP_ROLES = Set.of(Role.SALES_REP, Role.SALES_MANAGER);

    private final LeadHandoffs leadHandoffs;
    private final LeadStages leadStages;
    private final HandoffStore store;
    private final QualificationQuestions questions;
    private final RecordingStorage storage;
    private final UserDirectory users;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final long maxRecordingBytes;

    SdrWork(LeadHandoffs leadHandoffs, LeadStages leadStages, HandoffStore store, QualificationQuestions questions,
            RecordingStorage storage, UserDirectory users, JdbcClient jdbc, ApplicationEventPublisher events,
            AuditLog audit, TransactionTemplate transactions, Clock clock,
            @Value("${tandem.recordings.max-size-mb:50}") int maxRecordingMegabytes) {
        this.leadHandoffs = leadHandoffs;
        this.leadStages = leadStages;
        this.store = store;
        this.questions = questions;
        this.storage = storage;
        this.users = users;
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.maxRecordingBytes = maxRecordingMegabytes * 1024L * 1024L;
    }

    public int maxRecordingMegabytes() {
        return (int) (maxRecordingBytes / 1024 / 1024);
    }

    @Override
    @Transactional
    public void claim(UUID leadId, UUID sdrId, Actor actor) {
        UserSummary sdr = users.find(sdrId).filter(UserSummary::active)
                .filter(user -> user.roles().contains(Role.SDR) || user.roles().contains(Role.ADMIN))
                .orElseThrow(() -> BadInputException.of("sdr", "choose an active SDR"));
        leadHandoffs.claim(leadId, sdr.id(), actor);
        events.publishEvent(new io.tandem.handoff.LeadClaimed(leadId, sdr.id(), clock.instant()));
    }

    @Override
    @Transactional
    public void saveQualification(UUID leadId, Qualification qualification, Actor actor) {
        store.saveQualification(leadId, qualification, actor.name(), clock.instant());
    }

    public Qualification qualification(UUID leadId) {
        return store.qualification(leadId);
    }

    /** A logged call or note, with its recording if one was uploaded. */
    public record Call(UUID id, UUID sdrId, Instant at, Disposition disposition, String notes, UUID recordingId,
            String recordingName) {
    }

    public List<Call> calls(UUID leadId) {
        return jdbc.sql("""
                select c.id, c.sdr_id, c.occurred_at, c.disposition, c.notes, c.recording_id, r.original_name
                from sdr_call c left join call_recording r on r.id = c.recording_id
                where c.lead_id = :lead order by c.occurred_at desc
                """).param("lead", leadId).query((rs, n) -> new Call(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant(),
                        rs.getString(4) == null ? null : Disposition.valueOf(rs.getString(4)), rs.getString(5),
                        rs.getObject(6, UUID.class), rs.getString(7))).list();
    }

    /**
     * Logs a call or note. A recording is checked by its content and stored before the rows are written; if the rows
     * cannot be written the file is removed again, so nothing is left half-saved.
     */
    public UUID logCall(UUID leadId, UUID sdrId, Disposition disposition, String notes, Upload recording,
            Actor actor) throws IOException {
        String text = notes == null || notes.isBlank() ? null : notes.strip();
        if (disposition == null && text == null && recording == null) {
            throw BadInputException.of(FieldProblem.of("notes", "handoff.noteOrCallRequired"));
        }
        StoredRecording stored = recording == null ? null : storeRecording(recording);
        try {
            return transactions.execute(tx -> {
                Instant now = clock.instant();
                UUID recordingId = null;
                if (stored != null) {
                    recordingId = Ids.next();
                    jdbc.sql("""
                            insert into call_recording (id, lead_id, storage_key, content_type, size_bytes,
                                                        original_name, uploaded_by, uploaded_at)
                            values (:id, :lead, :key, :type, :size, :name, :by, :at)
                            """).param("id", recordingId).param("lead", leadId).param("key", stored.key())
                            .param("type", stored.contentType()).param("size", stored.size())
                            .param("name", recording.originalName()).param("by", sdrId)
                            .param("at", now.atOffset(ZoneOffset.UTC)).update();
                }
                UUID callId = Ids.next();
                jdbc.sql("""
                        insert into sdr_call (id, lead_id, sdr_id, occurred_at, disposition, notes, recording_id)
                        values (:id, :lead, :sdr, :at, :disposition, :notes, :recording)
                        """).param("id", callId).param("lead", leadId).param("sdr", sdrId)
                        .param("at", now.atOffset(ZoneOffset.UTC))
                        .param("disposition", disposition == null ? null : disposition.name()).param("notes", text)
                        .param("recording", recordingId).update();
                audit.record(actor, AuditAction.UPDATED, "lead", leadId, "call logged"
                        + (disposition == null ? "" : " (" + disposition + ")")
                        + (stored == null ? "" : " with recording"));
                events.publishEvent(new io.tandem.handoff.ContactLogged(leadId, sdrId, now, disposition));
                return callId;
            });
        } catch (RuntimeException e) {
            if (stored != null) {
                storage.delete(stored.key());
            }
            throw e;
        }
    }

    /** An uploaded file as the web layer hands it over. */
    public record Upload(String originalName, long size, InputStream content) {
    }

    private record StoredRecording(String key, String contentType, long size) {
    }

    private StoredRecording storeRecording(Upload upload) throws IOException {
        if (upload.size() <= 0) {
            throw BadInputException.of(FieldProblem.of("recording", "recording.empty"));
        }
        if (upload.size() > maxRecordingBytes) {
            throw BadInputException.of(FieldProblem.of("recording", "recording.tooLarge", maxRecordingMegabytes()));
        }
        try (InputStream in = new BufferedInputStream(upload.content(), 64 * 1024)) {
            String type = AudioFormats.detect(in)
                    .orElseThrow(() -> BadInputException.of(FieldProblem.of("recording", "recording.type")));
            return new StoredRecording(storage.store(in), type, upload.size());
        }
    }

    public record Recording(UUID id, UUID leadId, String storageKey, String contentType, long size,
            String originalName) {
    }

    public java.util.Optional<Recording> recording(UUID id) {
        return jdbc.sql("""
                select id, lead_id, storage_key, content_type, size_bytes, original_name from call_recording
                where id = :id
                """).param("id", id).query((rs, n) -> new Recording(rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getString(6))).optional();
    }

    public InputStream open(Recording recording) throws IOException {
        return storage.open(recording.storageKey());
    }

    /** Not a fit now: Disqualified for good, or Nurture for marketing to warm up again. */
    @Transactional
    public void disqualify(UUID leadId, String target, String reason, Actor actor) {
        if (!Stage.DISQUALIFIED.equals(target) && !Stage.NURTURE.equals(target)) {
            throw BadInputException.of(FieldProblem.of("target", "handoff.disqualifyTarget"));
        }
        if (reason == null || reason.isBlank()) {
            throw BadInputException.of(FieldProblem.of("reason", "handoff.reasonRequired"));
        }
        leadStages.move(leadId, target, reason, "sdr", actor);
    }

    /**
     * Transfers the lead out to a rep (转出). Sales gets only what is ready: BANT, the required questions and notes
     * must be there. The handoff keeps a copy of them as they were at the transfer.
     */
    @Override
    @Transactional
    public UUID transfer(UUID leadId, UUID sdrId, UUID repId, String notes, Actor actor) {
        if (repId == null) {
            throw BadInputException.of(FieldProblem.of("rep", "handoff.repRequired"));
        }
        UserSummary rep = users.find(repId).filter(UserSummary::active)
                .filter(user -> user.roles().stream().anyMatch(REP_ROLES::contains))
                .orElseThrow(() -> BadInputException.of(FieldProblem.of("rep", "handoff.notARep")));
        Qualification qualification = store.qualification(leadId);
        List<String> missing = qualification.missingFor(questions.active());
        if (!missing.isEmpty()) {
            throw BadInputException.of(FieldProblem.of("qualification", "handoff.qualificationMissing",
                    String.join(", ", missing)));
        }
        if (notes == null || notes.isBlank()) {
            throw BadInputException.of(FieldProblem.of("notes", "handoff.notesMissing"));
        }
        leadHandoffs.transfer(leadId, sdrId, rep.id(), actor);
        List<UUID> recordings = jdbc.sql("select id from call_recording where lead_id = :lead order by uploaded_at")
                .param("lead", leadId).query(UUID.class).list();
        Instant now = clock.instant();
        Handoff handoff = Handoff.transfer(Ids.next(), leadId, sdrId, rep.id(), qualification, notes.strip(),
                recordings, now);
        store.insert(handoff);
        audit.record(actor, AuditAction.UPDATED, "lead", leadId, "transferred to " + rep.username());
        events.publishEvent(new LeadTransferred(handoff.id(), leadId, sdrId, rep.id(), now));
        return handoff.id();
    }

    @Override
    @Transactional
    public void accept(UUID handoffId, UUID repId, Actor actor) {
        Handoff handoff = store.lock(handoffId);
        Instant now = clock.instant();
        handoff.accept(repId, actor.name(), now);
        leadHandoffs.accept(handoff.leadId(), repId, actor);
        store.saveAnswer(handoff);
        events.publishEvent(new HandoffAccepted(handoff.id(), handoff.leadId(), handoff.sdrId(), repId, now));
    }

    @Override
    @Transactional
    public void reject(UUID handoffId, UUID repId, RejectionReason reason, String comment, Actor actor) {
        Handoff handoff = store.lock(handoffId);
        Instant now = clock.instant();
        handoff.reject(repId, reason, comment, actor.name(), now);
        leadHandoffs.reject(handoff.leadId(), repId, "rejected: " + reason
                + (handoff.comment() == null ? "" : " — " + handoff.comment()), actor);
        store.saveAnswer(handoff);
        events.publishEvent(new HandoffRejected(handoff.id(), handoff.leadId(), handoff.sdrId(), repId, reason,
                handoff.comment(), now));
    }

    public Handoff handoff(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("Handoff", id));
    }

    public List<Handoff> ofLead(UUID leadId) {
        return store.ofLead(leadId);
    }

    public List<Handoff> pendingFor(java.util.Collection<UUID> reps) {
        return store.pendingForReps(reps);
    }

    public List<Handoff> bySdr(UUID sdrId, int limit) {
        return store.bySdr(sdrId, limit);
    }
}
