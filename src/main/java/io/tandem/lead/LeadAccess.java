package io.tandem.lead;

import java.util.UUID;

import io.tandem.security.TandemPrincipal;

/**
 * Object-level authorisation for leads: who may read, change, delete or export which lead. The two pools are kept
 * apart here — marketing's lead pool (Lead, Nurture, MQL) and sales' records (SAL onward) — see docs/adr/0008.
 */
public interface LeadAccess {

    LeadScope scope(TandemPrincipal who, LeadAction action);

    boolean may(TandemPrincipal who, UUID leadId, LeadAction action);

    /** Those of the leads the person may act on; the others are left out. */
    java.util.Set<UUID> permitted(TandemPrincipal who, java.util.Collection<UUID> leadIds, LeadAction action);

    /**
     * @throws io.tandem.shared.NotFoundException when the person may not even read the lead: its existence is not
     *         theirs to learn
     * @throws org.springframework.security.access.AccessDeniedException when they may read but not do this
     */
    void require(TandemPrincipal who, UUID leadId, LeadAction action);
}
