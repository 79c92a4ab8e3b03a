package io.tandem.campaign.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.CampaignDetails;
import io.tandem.campaign.CampaignManagement;
import io.tandem.campaign.CampaignSummary;
import io.tandem.campaign.HostedForm;
import io.tandem.shared.Actor;
import io.tandem.shared.NotFoundException;

@Service
public class CampaignService implements CampaignCatalog, CampaignManagement {

    private final Campaigns campaigns;
    private final AuditLog audit;
    private final Clock clock;

    CampaignService(Campaigns campaigns, AuditLog audit, Clock clock) {
        this.campaigns = campaigns;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public CampaignSummary planCampaign(CampaignDetails details, Actor actor) {
        return plan(details, actor).summary();
    }

    @Transactional
    public Campaign plan(CampaignDetails details, Actor actor) {
        Campaign campaign = Campaign.plan(details, clock.instant());
        campaigns.save(campaign);
        audit.record(actor, AuditAction.CREATED, "campaign", campaign.id(), campaign.name());
        return campaign;
    }

    @Transactional
    public Campaign update(UUID id, CampaignDetails details, Actor actor) {
        Campaign campaign = get(id);
        campaign.apply(details, clock.instant());
        campaigns.save(campaign);
        audit.record(actor, AuditAction.UPDATED, "campaign", id, campaign.name());
        return campaign;
    }

    public Campaign get(UUID id) {
        return campaigns.findById(id).orElseThrow(() -> new NotFoundException("Campaign", id));
    }

    public List<Campaign> list() {
        return campaigns.findAllByOrderByStartDateDescNameAsc();
    }

    @Override
    public Optional<CampaignSummary> find(UUID id) {
        return id == null ? Optional.empty() : campaigns.findById(id).map(Campaign::summary);
    }

    @Override
    public Map<UUID, CampaignSummary> findAll(Collection<UUID> ids) {
        return campaigns.findAllById(ids.stream().filter(java.util.Objects::nonNull).distinct().toList()).stream()
                .map(Campaign::summary).collect(Collectors.toMap(CampaignSummary::id, Function.identity()));
    }

    @Override
    public List<CampaignSummary> all() {
        return list().stream().map(Campaign::summary).toList();
    }

    @Override
    public Optional<HostedForm> hostedForm(String formKey) {
        return campaigns.findByFormKey(formKey).map(c -> new HostedForm(c.formKey(), c.id(), c.name(),
                c.formThankYouUrl(), c.consentText(), c.consentTextVersion()));
    }
}
