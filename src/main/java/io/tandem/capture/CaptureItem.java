package io.tandem.capture;

import io.tandem.campaign.MemberStatus;
import io.tandem.lead.LeadData;

/** A lead to capture and, when it names a campaign, the status of its membership there. */
public record CaptureItem(LeadData data, MemberStatus campaignStatus) {
}
