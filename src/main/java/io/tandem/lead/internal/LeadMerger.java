package io.tandem.lead.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.campaign.CampaignMembers;
import io.tandem.lead.LeadField;
import io.tandem.lead.LeadsMerged;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;

/**
 * Folds a duplicate into the lead that survives. Nothing of the duplicate is lost: identities, history, consents and
 * campaign memberships move in this transaction; activities move when the {@link LeadsMerged} event is handled.
 */
@Component
class LeadMerger {

    private final LeadStore store;
    private final CampaignMembers campaignMembers;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final io.tandem.lifecycle.StageModel stages;
    private final Clock clock;

    LeadMerger(LeadStore store, CampaignMembers campaignMembers, AuditLog audit, ApplicationEventPublisher events,
            io.tandem.lifecycle.StageModel stages, Clock clock) {
        this.stages = stages;
        this.store = store;
        this.campaignMembers = campaignMembers;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void merge(UUID survivorId, UUID duplicateId, Actor actor, String reason) {
        if (survivorId.equals(duplicateId)) {
            throw BadInputException.of("duplicate", "a lead cannot be merged into itself");
        }
        Map<UUID, Lead> leads = store.loadForUpdate(List.of(survivorId, duplicateId));
        Lead survivor = leads.get(survivorId);
        Lead duplicate = leads.get(duplicateId);
        if (survivor == null || duplicate == null) {
            throw BadInputException.of(survivor == null ? "survivor" : "duplicate",
                    "the lead does not exist or was merged already");
        }
        Instant now = clock.instant();
        Map<String, String[]> changes = survivor.absorbDuplicate(duplicate);
        survivor.adoptStageIfFurther(duplicate, stages);
        survivor.touched(now);
        store.update(List.of(survivor));
        store.moveBelongings(duplicateId, survivorId, now);
        campaignMembers.moveAll(duplicateId, survivorId);

        List<LeadStore.HistoryRow> history = new ArrayList<>();
        String described = describe(duplicate);
        history.add(new LeadStore.HistoryRow(survivorId, now, "MERGED", null, duplicateId.toString(),
                described + (reason == null ? "" : " (" + reason + ")"), actor.name(), actor.origin()));
        changes.forEach((field, values) -> history.add(new LeadStore.HistoryRow(survivorId, now, "FIELD_CHANGED",
                field, values[0], values[1], actor.name(), actor.origin())));
        store.history(history);
        audit.record(actor, AuditAction.MERGED, "lead", survivorId, "merged " + duplicateId + " " + described);
        events.publishEvent(new LeadsMerged(survivorId, duplicateId, actor.name(), now));
    }

    private static String describe(Lead lead) {
        List<String> parts = new ArrayList<>();
        for (LeadField field : List.of(LeadField.NAME, LeadField.EMAIL, LeadField.PHONE, LeadField.COMPANY)) {
            if (lead.get(field) != null) {
                parts.add(lead.get(field));
            }
        }
        return parts.isEmpty() ? "anonymous visitor" : String.join(" · ", parts);
    }
}
