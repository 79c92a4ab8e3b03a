package io.tandem.sla.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.tandem.handoff.ContactLogged;
import io.tandem.handoff.HandoffAccepted;
import io.tandem.handoff.HandoffRejected;
import io.tandem.handoff.LeadClaimed;
import io.tandem.handoff.LeadTransferred;
import io.tandem.lead.LeadDeleted;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStageChanged;
import io.tandem.lead.LeadStagesChanged;
import io.tandem.lead.LeadsMerged;
import io.tandem.lifecycle.Stage;
import io.tandem.lifecycle.StageModel;
import io.tandem.lifecycle.StagePool;
import io.tandem.sla.SlaKind;
import io.tandem.sla.internal.SlaClocks.Outcome;
import io.tandem.sla.internal.SlaClocks.Start;

/**
 * Which change starts and stops which clock. These listeners run synchronously inside the transaction that publishes
 * the event — not after it through the outbox — so a clock is written with its change or not at all.
 */
@Component
class SlaTriggers {

    private final SlaClocks clocks;
    private final LeadDirectory leads;
    private final StageModel stages;

    SlaTriggers(SlaClocks clocks, LeadDirectory leads, StageModel stages) {
        this.clocks = clocks;
        this.leads = leads;
        this.stages = stages;
    }

    @EventListener
    void on(LeadStageChanged change) {
        onStageChanges(List.of(change));
    }

    @EventListener
    void on(LeadStagesChanged changes) {
        onStageChanges(changes.changes());
    }

    private void onStageChanges(List<LeadStageChanged> changes) {
        List<UUID> becameMql = changes.stream().filter(c -> Stage.MQL.equals(c.to())).map(LeadStageChanged::leadId)
                .toList();
        Map<UUID, LeadDirectory.Holders> holders = becameMql.isEmpty() ? Map.of() : leads.holders(becameMql);
        List<Start> starts = new ArrayList<>();
        for (LeadStageChanged change : changes) {
            if (Stage.MQL.equals(change.from())) {
                clocks.stop(change.leadId(), SlaKind.MQL_RESPONSE, Outcome.MET);
            }
            if (Stage.MQL.equals(change.to())) {
                LeadDirectory.Holders lead = holders.get(change.leadId());
                UUID assignee = lead == null ? null : lead.ownerId() != null ? lead.ownerId() : lead.sdrId();
                starts.add(new Start(change.leadId(), SlaKind.MQL_RESPONSE, null, assignee));
            }
            // Only a lead that was with sales has sales' clocks; scoring's many moves into MQL skip these lookups.
            if (inSales(change.from())) {
                if (beyondAcceptance(change.to())) {
                    clocks.stop(change.leadId(), SlaKind.FIRST_CONTACT, Outcome.MET);
                } else if (inMarketing(change.to())) {
                    // Sales gave the lead back before contacting it: nobody's first contact is due any more.
                    clocks.stop(change.leadId(), SlaKind.FIRST_CONTACT, Outcome.CANCELLED);
                }
                if (!inSales(change.to())) {
                    // won, lost or back with marketing: no more follow-ups are owed
                    clocks.stop(change.leadId(), SlaKind.FOLLOW_UP, Outcome.CANCELLED);
                }
            }
        }
        clocks.start(starts);
    }

    private boolean beyondAcceptance(String stage) {
        return !Stage.SAL.equals(stage) && stages.stage(stage).map(s -> s.pool() != StagePool.MARKETING).orElse(false);
    }

    private boolean inSales(String stage) {
        return stage != null && stages.stage(stage).map(s -> s.pool() == StagePool.SALES).orElse(false);
    }

    private boolean inMarketing(String stage) {
        return stages.stage(stage).map(s -> s.pool() == StagePool.MARKETING).orElse(false);
    }

    @EventListener
    void on(LeadClaimed claimed) {
        clocks.reassign(claimed.leadId(), SlaKind.MQL_RESPONSE, claimed.sdrId());
    }

    @EventListener
    void on(io.tandem.routing.LeadRouted routed) {
        clocks.reassign(routed.leadId(), SlaKind.MQL_RESPONSE, routed.assigneeId());
    }

    /** A call or note works the MQL, makes the first contact, and is the follow-up that starts the next one. */
    @EventListener
    void on(ContactLogged contact) {
        clocks.stop(contact.leadId(), SlaKind.MQL_RESPONSE, Outcome.MET);
        clocks.stop(contact.leadId(), SlaKind.FIRST_CONTACT, Outcome.MET);
        LeadDirectory.Holders lead = leads.holders(List.of(contact.leadId())).get(contact.leadId());
        if (lead != null && inSales(lead.stage())) {
            clocks.stop(contact.leadId(), SlaKind.FOLLOW_UP, Outcome.MET);
            clocks.start(new Start(contact.leadId(), SlaKind.FOLLOW_UP, null,
                    lead.ownerId() != null ? lead.ownerId() : contact.userId()));
        }
    }

    @EventListener
    void on(LeadTransferred transferred) {
        clocks.stop(transferred.leadId(), SlaKind.MQL_RESPONSE, Outcome.MET);
        clocks.start(new Start(transferred.leadId(), SlaKind.TRANSFER_ANSWER, transferred.handoffId(),
                transferred.repId()));
    }

    @EventListener
    void on(HandoffAccepted accepted) {
        clocks.stop(accepted.leadId(), SlaKind.TRANSFER_ANSWER, Outcome.MET);
        clocks.start(new Start(accepted.leadId(), SlaKind.FIRST_CONTACT, accepted.handoffId(), accepted.repId()));
    }

    @EventListener
    void on(HandoffRejected rejected) {
        clocks.stop(rejected.leadId(), SlaKind.TRANSFER_ANSWER, Outcome.MET);
    }

    @EventListener
    void on(LeadsMerged merged) {
        clocks.cancelAll(merged.merged());
    }

    @EventListener
    void on(LeadDeleted deleted) {
        clocks.cancelAll(deleted.leadId());
    }
}
