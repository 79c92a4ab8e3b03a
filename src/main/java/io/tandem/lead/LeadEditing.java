package io.tandem.lead;

import java.util.UUID;

import io.tandem.shared.Actor;

/** Field changes from outside the lead's page, e.g. values the company's CRM reports back. Joins the caller's transaction. */
public interface LeadEditing {

    /**
     * Replaces the lead's standard fields (not its source) with the given ones, as the lead's edit page does: pass
     * the current values of the fields that stay. A new email or mobile number that belongs to another lead is
     * refused: that is a merge, not an edit.
     *
     * @throws io.tandem.shared.BadInputException naming the field that is wrong
     */
    void edit(UUID leadId, LeadData data, Actor actor);
}
