package io.tandem.routing.internal;

import java.util.List;
import java.util.Set;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.tandem.lead.LeadStageChanged;
import io.tandem.lead.LeadStagesChanged;
import io.tandem.lifecycle.Stage;
import io.tandem.routing.internal.Router.Trigger;
import io.tandem.lead.LeadTakenBack;

/**
 * New MQLs are routed as soon as they become MQLs (from the outbox, after the move committed); an MQL taken back for
 * neglect is routed again, past the person who neglected it.
 */
@Component
class RoutingListeners {

    private final Router router;
    private final RoutingSettings settings;

    RoutingListeners(Router router, RoutingSettings settings) {
        this.router = router;
        this.settings = settings;
    }

    @ApplicationModuleListener
    void on(LeadStageChanged change) {
        routeNewMqls(List.of(change));
    }

    @ApplicationModuleListener
    void on(LeadStagesChanged changes) {
        routeNewMqls(changes.changes());
    }

    private void routeNewMqls(List<LeadStageChanged> changes) {
        List<LeadStageChanged> mqls = changes.stream().filter(change -> Stage.MQL.equals(change.to())).toList();
        if (mqls.isEmpty()) {
            return;
        }
        List<RoutingRule> rules = settings.rules();
        mqls.forEach(change -> router.route(change.leadId(), Trigger.MQL, Set.of(), rules));
    }

    @ApplicationModuleListener
    void on(LeadTakenBack takenBack) {
        router.route(takenBack.leadId(), Trigger.TAKEN_BACK,
                takenBack.previousOwner() == null ? Set.of() : Set.of(takenBack.previousOwner()));
    }
}
