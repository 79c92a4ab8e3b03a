package io.tandem.campaign;

public enum CampaignStatus {
    PLANNED, ACTIVE, COMPLETED, ABORTED
}
