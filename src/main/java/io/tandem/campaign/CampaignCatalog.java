package io.tandem.campaign;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public interface CampaignCatalog {

    Optional<CampaignSummary> find(UUID id);

    Map<UUID, CampaignSummary> findAll(Collection<UUID> ids);

    List<CampaignSummary> all();

    Optional<HostedForm> hostedForm(String formKey);
}
