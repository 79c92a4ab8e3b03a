package io.tandem.connectors.web;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.connectors.internal.InboundEvents;
import io.tandem.connectors.internal.StandardWebhooks;
import io.tandem.shared.NotFoundException;

/**
 * Where any CRM reports what sales did with a lead Tandem transferred out to it. No API token: each message is signed
 * per the Standard Webhooks spec with the connector's signing secret, which is what authenticates it.
 */
@Tag(name = "CRM connectors")
@RestController
@RequestMapping("/api/v1/connectors")
class InboundEventsApi {

    private final InboundEvents events;

    InboundEventsApi(InboundEvents events) {
        this.events = events;
    }

    @Operation(summary = "Report what sales did with a lead in the CRM (signed per Standard Webhooks)",
            description = "Headers webhook-id, webhook-timestamp (epoch seconds, within 5 minutes) and "
                    + "webhook-signature (v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\"> with the "
                    + "connector's whsec_ secret). Body: {\"type\": \"lead.accepted\" | \"lead.rejected\" | "
                    + "\"opportunity.updated\" | \"opportunity.won\" | \"opportunity.lost\", \"leadId\", \"reason\", "
                    + "\"opportunityId\", \"name\", \"stage\", \"amount\", \"currency\", \"closeDate\"}. "
                    + "204 when applied, or when a message with the same webhook-id was applied before; 401 when "
                    + "the signature does not verify; 404 for an unknown or switched-off connector; 400 naming the "
                    + "field that is wrong.")
    @PostMapping("/{connectorId}/events")
    ResponseEntity<Void> receive(@PathVariable String connectorId,
            @RequestHeader(name = StandardWebhooks.ID, required = false) String id,
            @RequestHeader(name = StandardWebhooks.TIMESTAMP, required = false) String timestamp,
            @RequestHeader(name = StandardWebhooks.SIGNATURE, required = false) String signature,
            @RequestBody(required = false) String body) {
        UUID connector;
        try {
            connector = UUID.fromString(connectorId);
        } catch (IllegalArgumentException notAUuid) {
            throw new NotFoundException("Connector", connectorId);
        }
        try {
            events.receive(connector, new InboundEvents.Message(id, timestamp, signature, body));
        } catch (StandardWebhooks.InvalidSignature invalid) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, invalid.getMessage());
            problem.setType(URI.create("https://tandem.dev/problems/unauthorized"));
            problem.setTitle("Unauthorized");
            throw new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, invalid);
        }
        return ResponseEntity.noContent().build();
    }
}
