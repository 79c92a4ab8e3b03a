package io.tandem.connectors;

import java.time.Instant;
import java.util.UUID;

/**
 * A qualified lead was transferred out (转出) to the company's CRM, by a person or by the connector's automatic rule;
 * the CRM is to receive it.
 */
public record LeadTransferredOut(UUID leadId, UUID connectorId, String connectorName, String by, Instant at) {
}
