package io.tandem.lead;

import java.util.UUID;

import io.tandem.shared.Actor;

/**
 * The lead's side of the SDR handoff: the rules live in the Lead aggregate, the handoff module keeps the record of
 * each transfer. Every method joins the caller's transaction and locks the lead.
 */
public interface LeadHandoffs {

    /** An SDR takes a free MQL from the queue. */
    void claim(UUID leadId, UUID sdrId, Actor actor);

    /** The SDR transfers the MQL to a sales rep (转出); it awaits the rep's answer. */
    void transfer(UUID leadId, UUID sdrId, UUID repId, Actor actor);

    /** The rep accepts: the lead becomes theirs and SAL. */
    void accept(UUID leadId, UUID repId, Actor actor);

    /**
     * A routing rule gives a free MQL to someone: it becomes theirs as if they had claimed it.
     *
     * @return whether it was given (not when it is no longer a free MQL, or a transfer awaits an answer)
     */
    boolean assignByRule(UUID leadId, UUID userId, String reason, Actor actor);

    /**
     * Takes a neglected MQL back from the SDR who holds it: it returns to the queue, free for anyone.
     *
     * @return whether it was taken back (not when it is no longer a held MQL, or a transfer awaits an answer)
     */
    boolean takeBack(UUID leadId, String reason, Actor actor);

    /**
     * Sales gives a lead up, or it is taken back from a rep who neglected it: it goes to the public pool (公海) —
     * still in its sales stage, owned by nobody — for any rep to claim.
     *
     * @return whether it was released (not when nobody owns it or it is not in a sales stage)
     */
    boolean releaseToPublicPool(UUID leadId, String reason, Actor actor);

    /**
     * A rep claims a lead of the public pool.
     *
     * @throws io.tandem.shared.BadInputException when the lead is not (any more) in the public pool
     */
    void claimFromPublicPool(UUID leadId, UUID repId, Actor actor);

    /**
     * The company's CRM accepted an MQL transferred out to it (e.g. its lead status became "Working"): it becomes
     * SAL, the only way besides a rep's acceptance.
     */
    void acceptInCrm(UUID leadId, String reason, Actor actor);

    /** The rep refuses: the lead returns to marketing's Nurture. */
    void reject(UUID leadId, UUID repId, String reason, Actor actor);
}
