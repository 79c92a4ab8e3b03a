package io.tandem.connectors;

import java.util.List;
import java.util.UUID;

import io.tandem.shared.Actor;

/** Transfers out to the company's CRM, for people (the SDR's button, the API) and other modules. */
public interface CrmTransfers {

    /** The enabled connectors a lead can be transferred out to. */
    List<ConnectorSummary> destinations();

    /**
     * Transfers a qualified lead out to a CRM: it is delivered after this transaction commits, and again whenever it
     * changes. Transferring it to the same CRM again re-sends it.
     *
     * @throws io.tandem.shared.BadInputException when the lead is not qualified (the lead pool is never dumped into
     *         a CRM), the connector is unknown or switched off, or a required field would be blank
     */
    void transferOut(UUID leadId, UUID connectorId, Actor actor);

    record ConnectorSummary(UUID id, String name, String kind) {
    }
}
