package io.tandem.connectors;

import java.time.Instant;
import java.util.UUID;

/**
 * A lead could not be delivered to a CRM: the CRM refused it for good (e.g. a validation rule) or it kept failing for
 * the whole retry window. An admin must look at it; it can be replayed from the backlog.
 *
 * @param dead {@code true} when the retry window ran out, {@code false} when the CRM refused the record
 */
public record CrmDeliveryGaveUp(long deliveryId, UUID leadId, UUID connectorId, String connectorName, boolean dead,
        String error, Instant at) {
}
