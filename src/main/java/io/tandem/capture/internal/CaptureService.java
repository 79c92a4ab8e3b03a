package io.tandem.capture.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignMembers;
import io.tandem.campaign.MemberStatus;
import io.tandem.campaign.Membership;
import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadIntake;
import io.tandem.shared.BadInputException.FieldProblem;

@Service
class CaptureService implements LeadCapture {

    private final LeadIntake intake;
    private final CampaignCatalog campaigns;
    private final CampaignMembers members;
    private final Clock clock;

    CaptureService(LeadIntake intake, CampaignCatalog campaigns, CampaignMembers members, Clock clock) {
        this.intake = intake;
        this.campaigns = campaigns;
        this.members = members;
        this.clock = clock;
    }

    @Override
    @Transactional
    public IntakeResult capture(List<CaptureItem> items, CaptureContext context) {
        Set<UUID> named = new HashSet<>();
        items.forEach(item -> {
            if (item.data().campaignId() != null) {
                named.add(item.data().campaignId());
            }
        });
        Set<UUID> known = named.isEmpty() ? Set.of() : campaigns.findAll(named).keySet();

        List<LeadData> accepted = new ArrayList<>(items.size());
        List<Integer> positions = new ArrayList<>(items.size());
        IntakeResult.Item[] results = new IntakeResult.Item[items.size()];
        for (int i = 0; i < items.size(); i++) {
            UUID campaignId = items.get(i).data().campaignId();
            if (campaignId != null && !known.contains(campaignId)) {
                results[i] = new IntakeResult.Item(i, null, IntakeResult.Outcome.INVALID,
                        List.of(FieldProblem.of("campaignId", "campaign.unknown", campaignId)));
            } else {
                accepted.add(items.get(i).data());
                positions.add(i);
            }
        }
        IntakeResult intakeResult = intake.capture(accepted, context);
        List<Membership> memberships = new ArrayList<>();
        Instant now = clock.instant();
        for (IntakeResult.Item item : intakeResult.items()) {
            int position = positions.get(item.index());
            results[position] = new IntakeResult.Item(position, item.leadId(), item.outcome(), item.problems());
            CaptureItem captured = items.get(position);
            if (item.leadId() != null && captured.data().campaignId() != null) {
                MemberStatus status = captured.campaignStatus() == null ? MemberStatus.RESPONDED
                        : captured.campaignStatus();
                Instant at = captured.data().capturedAt() == null ? now : captured.data().capturedAt();
                memberships.add(new Membership(captured.data().campaignId(), item.leadId(), status, at));
            }
        }
        members.record(memberships);
        return new IntakeResult(List.of(results));
    }
}
