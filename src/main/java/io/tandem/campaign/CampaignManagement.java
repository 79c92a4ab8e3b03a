package io.tandem.campaign;

import io.tandem.shared.Actor;

public interface CampaignManagement {

    CampaignSummary planCampaign(CampaignDetails details, Actor actor);
}
