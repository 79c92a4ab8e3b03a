package io.tandem.connectors.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What Tandem needs from a CRM, whichever it is: upsert records keyed by Tandem's id (so a record sent twice is one
 * record) and the changes since a watermark. One implementation per {@link ConnectorKind}.
 */
public interface CrmClient {

    ConnectorKind kind();

    /** The most records one call takes (1: one call per record). */
    int batchLimit();

    /** The exact request that would be sent — without credentials — for "test with a lead" and the sync log. */
    CrmRequest prepareUpsert(Connector connector, List<OutboundRecord> records);

    /**
     * Sends the records and reads the CRM's answer for each, in the order given.
     *
     * @throws CrmCallFailure when the call as a whole failed (nothing can be said per record)
     */
    List<RecordResult> upsert(Connector connector, List<OutboundRecord> records) throws CrmCallFailure;

    /**
     * The changes since the watermarks (one per CRM object, absent at the first pull), oldest first, with the
     * watermarks to continue from. Changes at the watermark itself may come again; they are applied once.
     */
    ChangePage pullChanges(Connector connector, Map<String, String> watermarks) throws CrmCallFailure;

    /** Whether this CRM reports its changes to a pull (a webhook CRM reports them to Tandem's inbound endpoint). */
    default boolean pulls() {
        return true;
    }

    /** A request as it goes over the wire; the url may be relative to the CRM's instance. */
    record CrmRequest(String method, String url, Map<String, String> headers, String body) {
    }

    /**
     * The CRM's answer for one record.
     *
     * @param retryable the CRM may take it later unchanged (e.g. a record lock); otherwise someone must fix it
     */
    record RecordResult(UUID leadId, boolean ok, String crmId, boolean created, String errorCode, String message,
            boolean retryable, String response) {

        static RecordResult delivered(UUID leadId, String crmId, boolean created, String response) {
            return new RecordResult(leadId, true, crmId, created, null, null, false, response);
        }

        static RecordResult refused(UUID leadId, String code, String message, boolean retryable, String response) {
            return new RecordResult(leadId, false, null, false, code, message, retryable, response);
        }
    }

    record ChangePage(List<CrmChange> changes, Map<String, String> watermarks) {
    }

    /** What the CRM says happened, in Tandem's terms but before Tandem applies it. */
    sealed interface CrmChange permits LeadChange, OpportunityChange {

        String object();

        String crmId();

        /** Identifies this state of the record, e.g. its SystemModstamp: the same change is applied once. */
        String version();
    }

    /**
     * The CRM's lead (or contact) record changed.
     *
     * @param status the CRM's lead status, e.g. "Working - Contacted", interpreted through the connector's settings
     * @param fields the CRM's values of the fields mapped back to Tandem, by CRM field name
     */
    record LeadChange(String object, String crmId, String version, UUID tandemLeadId, String status,
            boolean converted, String convertedOpportunityId, String owner, Map<String, Object> fields)
            implements CrmChange {
    }

    /** A deal in the CRM that came from a Tandem lead changed. */
    record OpportunityChange(String object, String crmId, String version, UUID tandemLeadId, String name,
            String stage, BigDecimal amount, String currency, LocalDate closeDate, boolean won, boolean closed)
            implements CrmChange {
    }
}
