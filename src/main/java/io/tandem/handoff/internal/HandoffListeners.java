package io.tandem.handoff.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.tandem.lead.LeadStageChanged;
import io.tandem.lead.LeadStagesChanged;
import io.tandem.lead.LeadsMerged;
import io.tandem.lifecycle.Stage;

/** Keeps handoffs in step with what happens to their leads. */
@Component
class HandoffListeners {

    private final HandoffStore store;

    HandoffListeners(HandoffStore store) {
        this.store = store;
    }

    @ApplicationModuleListener
    void on(LeadsMerged merged) {
        store.moveAll(merged.merged(), merged.survivor());
    }

    /** Sales sent an accepted lead back to marketing: its handoff is recycled, not rejected. */
    @ApplicationModuleListener
    void on(LeadStageChanged changed) {
        if (Stage.NURTURE.equals(changed.to()) && !"MQL".equals(changed.from())) {
            store.lockLatestAccepted(changed.leadId()).filter(Handoff::recycle).ifPresent(store::saveAnswer);
        }
    }

    @ApplicationModuleListener
    void on(LeadStagesChanged changed) {
        changed.changes().forEach(this::on);
    }
}
