package io.tandem.lead;

import java.util.List;
import java.util.UUID;

/** Captures people into the lead pool. Every method joins the caller's transaction. */
public interface LeadIntake {

    /** Creates or updates one lead per person; invalid items are reported and not written. */
    IntakeResult capture(List<LeadData> items, CaptureContext context);

    /** Checks items without writing anything: one list of problems per item, empty when the item is valid. */
    List<List<io.tandem.shared.BadInputException.FieldProblem>> validate(List<LeadData> items, CaptureChannel channel);

    /**
     * Finds the lead of each reference, creating leads for people Tandem has not met (anonymous ones for bare visitor
     * ids). References that cannot identify anybody map to a problem text instead.
     */
    Resolution resolve(List<PersonRef> people, CaptureContext context);

    /**
     * The leads of the people Tandem knows already, found without writing or locking anything: a reference by lead id
     * (following merges), or references whose identities, together with those of every other reference in the list
     * that shares one, all belong to one lead. Everybody else maps to null: {@link #resolve} them, and they get the
     * leads they would have got in one call with everybody.
     */
    List<UUID> findKnown(List<PersonRef> people, CaptureChannel channel);

    /** Records that the person gave (or refused) consent, e.g. the checkbox of a hosted form. */
    void recordConsent(UUID leadId, String purpose, boolean granted, String textVersion, String source,
            io.tandem.shared.Actor actor);

    record Resolution(List<UUID> leadIds, List<String> problems) {
    }
}
