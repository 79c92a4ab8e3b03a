package io.tandem.notification.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.tandem.handoff.HandoffAccepted;
import io.tandem.handoff.HandoffRejected;
import io.tandem.handoff.LeadTransferred;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadStageChanged;
import io.tandem.lead.LeadStagesChanged;
import io.tandem.lead.LeadSummary;
import io.tandem.lifecycle.Stage;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;

/** Turns the handoff's and the lifecycle's events into notifications for the people who must act. */
@Component
class NotificationListeners {

    private final Inbox inbox;
    private final LeadDirectory leads;
    private final UserDirectory users;
    private final io.tandem.sla.SlaDeadlines deadlines;

    NotificationListeners(Inbox inbox, LeadDirectory leads, UserDirectory users,
            io.tandem.sla.SlaDeadlines deadlines) {
        this.inbox = inbox;
        this.leads = leads;
        this.users = users;
        this.deadlines = deadlines;
    }

    /** A routing rule gave the person a lead: who, which company, why them, and by when to work it. */
    @ApplicationModuleListener
    void on(io.tandem.routing.LeadRouted event) {
        Map<String, String> params = params(event.leadId(), null);
        params.put("why", event.why());
        deadlines.due(event.leadId(), io.tandem.sla.SlaKind.MQL_RESPONSE)
                .ifPresent(due -> params.put("due", due.toString()));
        inbox.notify(event.assigneeId(), "ASSIGNED_TO_YOU", event.leadId(), "/sdr/leads/" + event.leadId(), params,
                "routed:" + event.leadId() + ":" + event.at().toEpochMilli());
    }

    @ApplicationModuleListener
    void on(LeadTransferred event) {
        inbox.notify(event.repId(), "TRANSFERRED_TO_YOU", event.leadId(), "/handoffs/" + event.handoffId(),
                params(event.leadId(), event.sdrId()), "transferred:" + event.handoffId());
    }

    @ApplicationModuleListener
    void on(HandoffAccepted event) {
        inbox.notify(event.sdrId(), "TRANSFER_ACCEPTED", event.leadId(), "/leads/" + event.leadId(),
                params(event.leadId(), event.repId()), "accepted:" + event.handoffId());
    }

    @ApplicationModuleListener
    void on(HandoffRejected event) {
        Map<String, String> params = params(event.leadId(), event.repId());
        params.put("reason", event.reason().name());
        params.put("comment", event.comment() == null ? "" : event.comment());
        inbox.notify(event.sdrId(), "TRANSFER_REJECTED", event.leadId(), "/sdr/leads/" + event.leadId(), params,
                "rejected:" + event.handoffId());
    }

    /**
     * The person who works the lead hears it became an MQL: its owner, else the SDR who worked it before — unless it
     * has moved on meanwhile.
     */
    @ApplicationModuleListener
    void on(LeadStageChanged event) {
        becameMql(List.of(event));
    }

    @ApplicationModuleListener
    void on(LeadStagesChanged event) {
        becameMql(event.changes());
    }

    private void becameMql(List<LeadStageChanged> changes) {
        List<LeadStageChanged> mql = changes.stream().filter(change -> Stage.MQL.equals(change.to())).toList();
        if (mql.isEmpty()) {
            return;
        }
        Map<UUID, LeadSummary> summaries = leads.summaries(mql.stream().map(LeadStageChanged::leadId).toList());
        for (LeadStageChanged change : mql) {
            LeadSummary lead = summaries.get(change.leadId());
            if (lead == null || !Stage.MQL.equals(lead.stage()) || lead.transferPending()) {
                // Already worked on by the time we hear of it (e.g. transferred at once): nobody needs the news.
                continue;
            }
            UUID recipient = lead.ownerId() != null ? lead.ownerId() : lead.sdrId();
            if (recipient == null) {
                continue;
            }
            inbox.notify(recipient, "BECAME_MQL", change.leadId(), "/sdr/leads/" + change.leadId(),
                    params(lead, null), "mql:" + change.leadId() + ":" + change.at().toEpochMilli());
        }
    }

    /** Every admin hears that a lead could not reach the CRM: someone must fix the mapping, the lead or the CRM. */
    @ApplicationModuleListener
    void on(io.tandem.connectors.CrmDeliveryGaveUp event) {
        for (UserSummary admin : users.activeWithAnyRole(java.util.Set.of(io.tandem.security.Role.ADMIN))) {
            inbox.notify(admin.id(), "CRM_DELIVERY_FAILED", event.leadId(),
                    "/admin/connectors/" + event.connectorId() + "/backlog", params(event.leadId(), null),
                    "crm-failed:" + event.deliveryId() + ":" + event.at().toEpochMilli());
        }
    }

    @ApplicationModuleListener
    void on(io.tandem.sla.SlaReminderDue event) {
        if (event.assigneeId() == null) {
            return;
        }
        inbox.notify(event.assigneeId(), "SLA_REMINDER", event.leadId(), leadLink(event.kind(), event.leadId()),
                slaParams(event.leadId(), null, event.kind(), event.dueAt()), "sla-remind:" + event.clockId());
    }

    /**
     * The assignee hears the deadline passed (or that the lead was taken back from them); the manager the policy
     * escalates to hears who let it pass.
     */
    @ApplicationModuleListener
    void on(io.tandem.sla.SlaBreached event) {
        if (event.assigneeId() != null) {
            inbox.notify(event.assigneeId(), event.takenBack() ? "SLA_TAKEN_BACK" : "SLA_BREACHED", event.leadId(),
                    event.takenBack() ? "/leads/" + event.leadId() : leadLink(event.kind(), event.leadId()),
                    slaParams(event.leadId(), null, event.kind(), event.dueAt()), "sla-breach:" + event.clockId());
        }
        if (event.escalatedTo() != null) {
            inbox.notify(event.escalatedTo(), "SLA_ESCALATED", event.leadId(), "/leads/" + event.leadId(),
                    slaParams(event.leadId(), event.assigneeId(), event.kind(), event.dueAt()),
                    "sla-escalate:" + event.clockId());
        }
    }

    private static String leadLink(io.tandem.sla.SlaKind kind, UUID leadId) {
        return kind == io.tandem.sla.SlaKind.MQL_RESPONSE ? "/sdr/leads/" + leadId : "/leads/" + leadId;
    }

    private Map<String, String> slaParams(UUID leadId, UUID person, io.tandem.sla.SlaKind kind,
            java.time.Instant due) {
        Map<String, String> params = params(leadId, person);
        params.put("clock", kind.name());
        params.put("due", due.toString());
        return params;
    }

    private Map<String, String> params(UUID leadId, UUID person) {
        return params(leads.summaries(List.of(leadId)).get(leadId), leadId, person);
    }

    private Map<String, String> params(LeadSummary lead, UUID person) {
        return params(lead, lead.id(), person);
    }

    private Map<String, String> params(LeadSummary lead, UUID leadId, UUID person) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("lead", lead == null ? leadId.toString()
                : lead.name() != null ? lead.name() : lead.email() != null ? lead.email() : leadId.toString());
        params.put("company", lead == null || lead.company() == null ? "" : lead.company());
        if (person != null) {
            params.put("person", users.find(person).map(UserSummary::displayName).orElse(""));
        }
        return params;
    }
}
