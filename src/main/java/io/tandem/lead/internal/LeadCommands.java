package io.tandem.lead.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.campaign.CampaignMembers;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadDeleted;
import io.tandem.lead.LeadField;
import io.tandem.lifecycle.Stage;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.NotFoundException;

/** What people do to leads by hand: edit, assign, tag, merge, dismiss a suspected duplicate, delete. */
@Service
public class LeadCommands implements io.tandem.lead.LeadStages, io.tandem.lead.LeadHandoffs, io.tandem.lead.LeadEditing {

    private final LeadStore store;
    private final CandidateValidator validator;
    private final AccountResolver accounts;
    private final LeadMerger merger;
    private final CampaignMembers campaignMembers;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final io.tandem.lifecycle.StageModel stages;
    private final Clock clock;

    LeadCommands(LeadStore store, CandidateValidator validator, AccountResolver accounts, LeadMerger merger,
            CampaignMembers campaignMembers, AuditLog audit, ApplicationEventPublisher events, JdbcClient jdbc,
            io.tandem.lifecycle.StageModel stages, Clock clock) {
        this.stages = stages;
        this.store = store;
        this.validator = validator;
        this.accounts = accounts;
        this.merger = merger;
        this.campaignMembers = campaignMembers;
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Saves the fields a person edited. A new email or mobile number must not belong to another lead: that is a
     * merge, not an edit.
     */
    @Override
    @Transactional
    public void edit(UUID leadId, LeadData data, Actor actor) {
        Lead lead = load(leadId);
        CandidateValidator.Validated validated = validator.validate(0, data, CaptureChannel.UI);
        if (validated instanceof CandidateValidator.Invalid invalid) {
            throw new BadInputException(invalid.problems().stream().map(p -> p.field() + ": " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElse("invalid"), invalid.problems());
        }
        Candidate candidate = ((CandidateValidator.Valid) validated).candidate();
        Instant now = clock.instant();
        List<FieldProblem> taken = new ArrayList<>();
        Map<IdentityKey, UUID> owners = store.lookup(candidate.keys());
        for (IdentityKey key : candidate.keys()) {
            UUID owner = owners.get(key);
            if (owner != null && !owner.equals(leadId)) {
                taken.add(new FieldProblem(key.kind() == IdentityKey.Kind.EMAIL ? "email" : "phone",
                        key.value() + " belongs to another lead (" + owner + "); merge the two instead"));
            }
        }
        if (!taken.isEmpty()) {
            throw new BadInputException(taken.get(0).message(), taken);
        }
        EnumMap<LeadField, String> values = new EnumMap<>(LeadField.class);
        for (LeadField field : LeadField.values()) {
            if (field != LeadField.SOURCE) {
                values.put(field, candidate.fields().get(field));
            }
        }
        String oldEmail = lead.get(LeadField.EMAIL);
        String oldPhone = lead.get(LeadField.PHONE);
        Map<String, String[]> changes = new java.util.LinkedHashMap<>(lead.edit(values));
        if (changes.isEmpty()) {
            return;
        }
        replaceIdentity(leadId, IdentityKey.Kind.EMAIL, oldEmail, lead.get(LeadField.EMAIL));
        replaceIdentity(leadId, IdentityKey.Kind.PHONE, oldPhone, candidate.keys().stream()
                .anyMatch(k -> k.kind() == IdentityKey.Kind.PHONE) ? lead.get(LeadField.PHONE) : null);
        lead.touched(now);
        accounts.assign(List.of(lead), now);
        store.update(List.of(lead));
        history(lead.id(), changes, actor, now);
        audit.record(actor, AuditAction.UPDATED, "lead", leadId, String.join(", ", changes.keySet()));
    }

    private void replaceIdentity(UUID leadId, IdentityKey.Kind kind, String oldValue, String newValue) {
        if (java.util.Objects.equals(oldValue, newValue)) {
            return;
        }
        if (oldValue != null) {
            jdbc.sql("delete from lead_identity where kind = :kind and value = :value and lead_id = :lead")
                    .param("kind", kind.name()).param("value", oldValue).param("lead", leadId).update();
        }
        if (newValue != null) {
            Map<IdentityKey, UUID> heldByOthers = store.claim(Map.of(new IdentityKey(kind, newValue), leadId),
                    clock.instant());
            if (!heldByOthers.isEmpty()) {
                throw BadInputException.of(kind == IdentityKey.Kind.EMAIL ? "email" : "phone",
                        newValue + " was just given to another lead; merge the two instead");
            }
        }
    }

    @Transactional
    public int assign(Collection<UUID> leadIds, UUID ownerId, Actor actor) {
        Instant now = clock.instant();
        List<Lead> changed = new ArrayList<>();
        for (Lead lead : store.loadForUpdate(leadIds).values()) {
            Map<String, String[]> change = lead.assignTo(ownerId);
            if (!change.isEmpty()) {
                lead.touched(now);
                changed.add(lead);
                history(lead.id(), change, actor, now);
            }
        }
        store.update(changed);
        audit.recordAll(actor, AuditAction.ASSIGNED, "lead", changed.stream().map(Lead::id).toList(),
                "owner " + ownerId);
        return changed.size();
    }

    @Transactional
    public int tag(Collection<UUID> leadIds, Set<String> added, Set<String> removed, Actor actor) {
        for (String tag : added) {
            if (tag.isBlank() || tag.length() > 50) {
                throw BadInputException.of("tag", "a tag has 1 to 50 characters");
            }
        }
        Instant now = clock.instant();
        List<Lead> changed = new ArrayList<>();
        for (Lead lead : store.loadForUpdate(leadIds).values()) {
            Map<String, String[]> change = lead.tag(added, removed);
            if (!change.isEmpty()) {
                lead.touched(now);
                changed.add(lead);
                history(lead.id(), change, actor, now);
            }
        }
        store.update(changed);
        audit.recordAll(actor, AuditAction.TAGGED, "lead", changed.stream().map(Lead::id).toList(),
                "+" + added + " -" + removed);
        return changed.size();
    }

    /** A person moves a lead along the waterfall, e.g. marks it MQL by hand or recycles it to Nurture. */
    @Transactional
    public void moveToStage(UUID leadId, String stage, String reason, Actor actor) {
        moveToStage(leadId, stage, null, reason, "manual", actor);
    }

    /**
     * Moves a lead if the stage model allows it; records the history row, the first date of the stage and the event.
     *
     * @param rule the rule that decided it, {@code null} for a person
     */
    @Transactional
    public void moveToStage(UUID leadId, String stage, String rule, String reason, String source, Actor actor) {
        Lead lead = load(leadId);
        UUID ownerBefore = lead.ownerId();
        Lead.StageChange change = lead.moveTo(stage, stages, clock.instant());
        saveStageChange(lead, change, rule, reason, source, actor);
        if (!java.util.Objects.equals(ownerBefore, lead.ownerId())) {
            history(leadId, Map.of("owner", new String[] { java.util.Objects.toString(ownerBefore, null),
                    java.util.Objects.toString(lead.ownerId(), null) }), actor, change.at());
        }
    }

    @Override
    @Transactional
    public boolean moveIfAllowed(UUID leadId, String stage, String rule, String reason, Actor actor) {
        Lead lead = store.loadForUpdate(List.of(leadId)).get(leadId);
        if (lead == null || lead.stage().equals(stage) || !stages.allows(lead.stage(), stage)
                || lead.pendingRepId() != null || Stage.SAL.equals(stage)) {
            return false;
        }
        moveToStage(leadId, stage, rule, reason, "rule", actor);
        return true;
    }

    @Override
    @Transactional
    public Set<UUID> moveAllIfAllowed(Collection<RuleMove> moves, String stage, Actor actor) {
        Map<UUID, Lead> leads = store.loadForUpdate(moves.stream().map(RuleMove::leadId).toList());
        Instant now = clock.instant();
        List<Lead> moved = new ArrayList<>();
        List<LeadStore.StageChangeRow> changes = new ArrayList<>();
        Map<UUID, String> summaries = new LinkedHashMap<>();
        for (RuleMove move : moves) {
            Lead lead = leads.get(move.leadId());
            if (lead == null || lead.stage().equals(stage) || !stages.allows(lead.stage(), stage)
                    || lead.pendingRepId() != null || Stage.SAL.equals(stage) || summaries.containsKey(lead.id())) {
                continue;
            }
            Lead.StageChange change = lead.moveTo(stage, stages, now);
            String reason = blankToNull(move.reason());
            moved.add(lead);
            changes.add(new LeadStore.StageChangeRow(change, actor.name(), move.rule(), reason, "rule"));
            summaries.put(lead.id(), stageSummary(change, reason));
        }
        store.update(moved);
        store.stageChanged(changes);
        audit.recordEach(actor, AuditAction.UPDATED, "lead", summaries);
        if (!changes.isEmpty()) {
            events.publishEvent(new io.tandem.lead.LeadStagesChanged(changes.stream().map(row -> {
                Lead.StageChange change = row.change();
                return new io.tandem.lead.LeadStageChanged(change.leadId(), change.from(), change.to(), change.at(),
                        actor.name(), row.rule(), row.reason());
            }).toList()));
        }
        return summaries.keySet();
    }

    @Override
    @Transactional
    public void move(UUID leadId, String stage, String reason, String source, Actor actor) {
        moveToStage(leadId, stage, null, reason, source, actor);
    }

    @Override
    @Transactional
    public void claim(UUID leadId, UUID sdrId, Actor actor) {
        Lead lead = load(leadId);
        Instant now = clock.instant();
        Map<String, String[]> change = lead.claimBy(sdrId, now);
        store.update(List.of(lead));
        history(leadId, change, actor, now);
        audit.record(actor, AuditAction.ASSIGNED, "lead", leadId, "claimed from the MQL queue");
    }

    @Override
    @Transactional
    public boolean assignByRule(UUID leadId, UUID userId, String reason, Actor actor) {
        return changeOwnerIfAllowed(leadId, (lead, now) -> lead.routeTo(userId, now), "routed: " + reason, actor,
                null);
    }

    @Override
    @Transactional
    public boolean releaseToPublicPool(UUID leadId, String reason, Actor actor) {
        return changeOwnerIfAllowed(leadId, (lead, now) -> lead.releaseToPublicPool(stages, now),
                "to the public pool: " + reason, actor,
                (previousOwner, now) -> new io.tandem.lead.LeadReleased(leadId, previousOwner, reason, now));
    }

    @Override
    @Transactional
    public void claimFromPublicPool(UUID leadId, UUID repId, Actor actor) {
        Lead lead = load(leadId);
        Instant now = clock.instant();
        Map<String, String[]> change = lead.claimFromPublicPool(repId, stages, now);
        store.update(List.of(lead));
        history(leadId, change, actor, now);
        audit.record(actor, AuditAction.ASSIGNED, "lead", leadId, "claimed from the public pool");
    }

    @Override
    @Transactional
    public boolean takeBack(UUID leadId, String reason, Actor actor) {
        return changeOwnerIfAllowed(leadId, (lead, now) -> lead.takeBack(now), "taken back to the MQL queue: " + reason,
                actor, (previousOwner, now) -> new io.tandem.lead.LeadTakenBack(leadId, previousOwner, reason, now));
    }

    /**
     * The rules' owner changes (routing, take-back, release): the aggregate decides whether the change applies; if it
     * does, it is saved with its history and audit, and the event (if any) names the owner before.
     *
     * @return whether the owner changed
     */
    private boolean changeOwnerIfAllowed(UUID leadId,
            java.util.function.BiFunction<Lead, Instant, Map<String, String[]>> change, String summary, Actor actor,
            java.util.function.BiFunction<UUID, Instant, Object> event) {
        Lead lead = store.loadForUpdate(List.of(leadId)).get(leadId);
        if (lead == null) {
            return false;
        }
        Instant now = clock.instant();
        UUID previousOwner = lead.ownerId();
        Map<String, String[]> changed = change.apply(lead, now);
        if (changed.isEmpty()) {
            return false;
        }
        store.update(List.of(lead));
        history(leadId, changed, actor, now);
        audit.record(actor, AuditAction.ASSIGNED, "lead", leadId, summary);
        if (event != null) {
            events.publishEvent(event.apply(previousOwner, now));
        }
        return true;
    }

    @Override
    @Transactional
    public void transfer(UUID leadId, UUID sdrId, UUID repId, Actor actor) {
        Lead lead = load(leadId);
        Instant now = clock.instant();
        lead.transferTo(repId, sdrId, now);
        store.update(List.of(lead));
        store.history(List.of(new LeadStore.HistoryRow(leadId, now, "TRANSFERRED", "owner",
                java.util.Objects.toString(lead.ownerId(), null), repId.toString(), actor.name(), actor.origin())));
    }

    @Override
    @Transactional
    public void accept(UUID leadId, UUID repId, Actor actor) {
        Lead lead = load(leadId);
        UUID previousOwner = lead.ownerId();
        Lead.StageChange change = lead.acceptTransfer(repId, stages, clock.instant());
        saveStageChange(lead, change, null, null, "handoff", actor);
        history(leadId, Map.of("owner", new String[] { java.util.Objects.toString(previousOwner, null),
                repId.toString() }), actor, change.at());
    }

    @Override
    @Transactional
    public void acceptInCrm(UUID leadId, String reason, Actor actor) {
        Lead lead = load(leadId);
        Lead.StageChange change = lead.acceptInCrm(clock.instant());
        saveStageChange(lead, change, null, reason, "crm", actor);
    }

    @Override
    @Transactional
    public void reject(UUID leadId, UUID repId, String reason, Actor actor) {
        Lead lead = load(leadId);
        Lead.StageChange change = lead.rejectTransfer(repId, stages, clock.instant());
        saveStageChange(lead, change, null, reason, "handoff", actor);
    }

    private void saveStageChange(Lead lead, Lead.StageChange change, String rule, String reason, String source,
            Actor actor) {
        store.update(List.of(lead));
        store.stageChanged(change, actor.name(), rule, blankToNull(reason), source);
        audit.record(actor, AuditAction.UPDATED, "lead", lead.id(), stageSummary(change, reason));
        events.publishEvent(new io.tandem.lead.LeadStageChanged(lead.id(), change.from(), change.to(), change.at(),
                actor.name(), rule, blankToNull(reason)));
    }

    private static String stageSummary(Lead.StageChange change, String reason) {
        return "stage " + change.from() + " → " + change.to()
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Transactional
    public void merge(UUID survivorId, UUID duplicateId, Actor actor) {
        merger.merge(survivorId, duplicateId, actor, "merged by hand");
    }

    @Transactional
    public void dismissDuplicate(UUID suggestionId, Actor actor) {
        int updated = jdbc.sql("""
                update duplicate_suggestion set status = 'DISMISSED', resolved_at = :now, resolved_by = :actor
                where id = :id and status = 'OPEN'
                """).param("id", suggestionId).param("now", LeadStore.utc(clock.instant()))
                .param("actor", actor.name()).update();
        if (updated == 0) {
            throw new NotFoundException("Open duplicate suggestion", suggestionId);
        }
        audit.record(actor, AuditAction.DISMISSED, "duplicate_suggestion", suggestionId, "not the same person");
    }

    @Transactional
    public void delete(UUID leadId, Actor actor) {
        Lead lead = load(leadId);
        String described = lead.get(LeadField.NAME) + " <" + lead.get(LeadField.EMAIL) + ">";
        campaignMembers.removeAll(leadId);
        store.delete(leadId);
        audit.record(actor, AuditAction.DELETED, "lead", leadId, described);
        events.publishEvent(new LeadDeleted(leadId, actor.name(), clock.instant()));
    }

    private Lead load(UUID leadId) {
        Lead lead = store.loadForUpdate(List.of(leadId)).get(leadId);
        if (lead == null) {
            throw new NotFoundException("Lead", leadId);
        }
        return lead;
    }

    private void history(UUID leadId, Map<String, String[]> changes, Actor actor, Instant now) {
        List<LeadStore.HistoryRow> rows = new ArrayList<>();
        changes.forEach((field, values) -> rows.add(new LeadStore.HistoryRow(leadId, now,
                field.equals("owner") ? "OWNER_CHANGED" : field.equals("tags") ? "TAGS_CHANGED" : "FIELD_CHANGED",
                field, values[0], values[1], actor.name(), actor.origin())));
        store.history(rows);
    }
}
