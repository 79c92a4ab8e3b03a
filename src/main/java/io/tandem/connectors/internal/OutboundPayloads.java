package io.tandem.connectors.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a lead's values into the record a CRM receives, through the connector's field mapping. A required field
 * that would be blank stops the record before any call: the CRM would refuse it anyway, with a worse message.
 */
public final class OutboundPayloads {

    private OutboundPayloads() {
    }

    /** A record, or why it cannot be sent. */
    public record Built(OutboundRecord record, List<String> missing) {

        public boolean sendable() {
            return missing.isEmpty();
        }
    }

    /**
     * @param firstDelivery the CRM does not have the record yet: fields the CRM wins are filled this once
     */
    public static Built build(Connector connector, UUID leadId, String crmId, Map<String, Object> values,
            boolean firstDelivery) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (FieldMapping mapping : connector.mappings()) {
            if (!mapping.direction().toCrm()) {
                continue;
            }
            Object value = mapping.toCrmValue(blankToNull(values.get(mapping.tandemField())));
            if (value == null && mapping.required()) {
                missing.add(mapping.tandemField() + " → " + mapping.crmField());
                continue;
            }
            boolean tandemOwnsIt = mapping.direction() == FieldMapping.Direction.TO_CRM
                    || mapping.conflictRule() == FieldMapping.ConflictRule.TANDEM_WINS;
            // A value Tandem does not have is left out: Tandem's blank never erases what sales typed in the CRM.
            if (value != null && (tandemOwnsIt || firstDelivery)) {
                fields.put(mapping.crmField(), value);
            }
        }
        return new Built(new OutboundRecord(leadId, crmId, fields), missing);
    }

    private static Object blankToNull(Object value) {
        return value instanceof String text && text.isBlank() ? null : value;
    }
}
