package io.tandem.connectors.internal;

import java.util.Map;
import java.util.UUID;

/**
 * One lead as a CRM record: the mapped fields in the CRM's names and values.
 *
 * @param crmId the CRM's id of the record, once known
 */
public record OutboundRecord(UUID leadId, String crmId, Map<String, Object> fields) {
}
