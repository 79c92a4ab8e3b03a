package io.tandem.campaign;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Writes and reads memberships; joins the caller's transaction. */
public interface CampaignMembers {

    /** Adds or raises memberships; several entries for one lead and campaign collapse to the highest status. */
    void record(Collection<Membership> memberships);

    /** Part of a merge: the survivor takes over every membership, keeping the higher status of each campaign. */
    void moveAll(UUID fromLead, UUID toLead);

    void removeAll(UUID leadId);

    List<LeadMembership> ofLead(UUID leadId);
}
