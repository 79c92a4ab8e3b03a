package io.tandem.campaign;

public enum CampaignType {
    OFFLINE_EVENT, WEBINAR, CONTENT, PAID_DIGITAL, SOCIAL, EMAIL, REFERRAL, PARTNER, OTHER
}
