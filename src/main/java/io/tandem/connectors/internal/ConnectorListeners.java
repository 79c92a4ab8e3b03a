package io.tandem.connectors.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.tandem.connectors.LeadTransferredOut;
import io.tandem.lead.LeadStageChanged;
import io.tandem.lead.LeadStagesChanged;
import io.tandem.lead.LeadsCaptured;
import io.tandem.lifecycle.Stage;
import io.tandem.scoring.LeadScore;
import io.tandem.scoring.LeadScores;
import io.tandem.shared.Actor;

/**
 * The outbox's side of the bridge: every outbound change starts as an event published in the transaction that made
 * it, and is queued here — a transfer out, a linked lead that changed, an MQL a connector's rule sends on its own.
 */
@Component
class ConnectorListeners {

    private final Deliveries deliveries;
    private final CrmLinks links;
    private final ConnectorStore connectors;
    private final CrmTransferService transfers;
    private final LeadScores scores;
    private final DeliveryDispatcher dispatcher;
    private final Clock clock;

    ConnectorListeners(Deliveries deliveries, CrmLinks links, ConnectorStore connectors,
            CrmTransferService transfers, LeadScores scores, DeliveryDispatcher dispatcher, Clock clock) {
        this.deliveries = deliveries;
        this.links = links;
        this.connectors = connectors;
        this.transfers = transfers;
        this.scores = scores;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(LeadTransferredOut event) {
        deliveries.enqueue(event.connectorId(), List.of(event.leadId()), "transfer", clock.instant());
        deliverAfterCommit();
    }

    @ApplicationModuleListener
    void on(LeadsCaptured event) {
        changed(event.updated(), "lead updated");
    }

    @ApplicationModuleListener
    void on(LeadStageChanged event) {
        stagesChanged(List.of(event));
    }

    @ApplicationModuleListener
    void on(LeadStagesChanged event) {
        stagesChanged(event.changes());
    }

    private void stagesChanged(List<LeadStageChanged> changes) {
        // A move the CRM itself reported is not news to the CRM.
        changed(changes.stream().filter(change -> change.actor() == null || !change.actor().startsWith("crm:"))
                .map(LeadStageChanged::leadId).toList(), "stage changed");
        List<UUID> newMqls = changes.stream().filter(change -> Stage.MQL.equals(change.to()))
                .map(LeadStageChanged::leadId).toList();
        if (!newMqls.isEmpty()) {
            sendByRule(newMqls);
        }
    }

    /** A connector's automatic rule: an MQL of the rule's fit grades goes out without waiting for an SDR. */
    private void sendByRule(List<UUID> newMqls) {
        List<Connector> automatic = connectors.enabled().stream().filter(c -> !c.autoGrades().isEmpty()).toList();
        if (automatic.isEmpty()) {
            return;
        }
        Map<UUID, LeadScore> scored = scores.of(newMqls);
        for (Connector connector : automatic) {
            for (UUID leadId : newMqls) {
                LeadScore score = scored.get(leadId);
                if (score != null && connector.autoGrades().contains(score.grade())) {
                    transfers.transferOutByRule(leadId, connector, new Actor(null, "rule:" + connector.name()
                            + " (grade " + score.grade() + ")", "system"));
                }
            }
        }
    }

    private void changed(List<UUID> leadIds, String cause) {
        if (leadIds.isEmpty()) {
            return;
        }
        Map<UUID, List<UUID>> linked = links.connectorsOf(leadIds);
        if (linked.isEmpty()) {
            return;
        }
        Map<UUID, List<UUID>> byConnector = new java.util.HashMap<>();
        linked.forEach((lead, connectorIds) -> connectorIds.forEach(
                connector -> byConnector.computeIfAbsent(connector, k -> new ArrayList<>()).add(lead)));
        byConnector.forEach((connector, leads) -> deliveries.enqueue(connector, leads, cause, clock.instant()));
        deliverAfterCommit();
    }

    private void deliverAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.kick();
                }
            });
        }
    }
}
