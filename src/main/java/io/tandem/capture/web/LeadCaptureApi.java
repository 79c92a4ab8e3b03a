package io.tandem.capture.web;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.capture.internal.IdempotencyKeys;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BatchTooLargeException;
import io.tandem.shared.CurrentActor;

@Tag(name = "Leads")
@RestController
@RequestMapping("/api/v1/leads")
@PreAuthorize("hasAuthority('SCOPE_leads:write') and hasAnyRole('ADMIN','MARKETING')")
class LeadCaptureApi {

    private final LeadCapture capture;
    private final IdempotencyKeys idempotency;
    private final CurrentActor actor;
    private final int maxBatch;

    LeadCaptureApi(LeadCapture capture, IdempotencyKeys idempotency, CurrentActor actor,
            @Value("${tandem.api.max-lead-batch:1000}") int maxBatch) {
        this.capture = capture;
        this.idempotency = idempotency;
        this.actor = actor;
        this.maxBatch = maxBatch;
    }

    @Operation(summary = "Create a lead, or merge into the lead with the same email or mobile number",
            description = "201 when a lead was created, 200 when the data was merged into an existing lead. "
                    + "Send an Idempotency-Key header to make retries safe.")
    @PostMapping
    ResponseEntity<?> capture(@RequestBody LeadRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            TandemPrincipal principal) {
        return idempotency.execute(principal.userId().toString(), idempotencyKey, request, () -> {
            IntakeResult.Item item = capture.capture(
                    List.of(new CaptureItem(request.toLeadData(), request.campaignStatus())),
                    new CaptureContext(CaptureChannel.API, actor.get(), "api")).items().get(0);
            if (item.outcome() == IntakeResult.Outcome.INVALID) {
                throw new BadInputException(item.problems().stream().map(p -> p.field() + ": " + p.message())
                        .reduce((a, b) -> a + "; " + b).orElse("invalid"), item.problems());
            }
            boolean created = item.outcome() == IntakeResult.Outcome.CREATED;
            return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                    .location(URI.create("/api/v1/leads/" + item.leadId()))
                    .body(new CaptureResponse(item.leadId(), created ? "created" : "updated"));
        });
    }

    @Operation(summary = "Create or merge up to 1,000 leads",
            description = "Valid items are written even when others are invalid: 200 when every item was written, "
                    + "207 with a result per item otherwise. More than the limit is refused with 413.")
    @PostMapping("/batch")
    ResponseEntity<?> captureBatch(@RequestBody BatchRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            TandemPrincipal principal) {
        if (request.leads() == null || request.leads().isEmpty()) {
            throw BadInputException.of("leads", "send at least one lead");
        }
        if (request.leads().size() > maxBatch) {
            throw new BatchTooLargeException("leads", maxBatch, request.leads().size());
        }
        return idempotency.execute(principal.userId().toString(), idempotencyKey, request, () -> {
            List<CaptureItem> items = request.leads().stream()
                    .map(lead -> lead == null ? new CaptureItem(io.tandem.lead.LeadData.builder().build(), null)
                            : new CaptureItem(lead.toLeadData(), lead.campaignStatus()))
                    .toList();
            IntakeResult result = capture.capture(items, new CaptureContext(CaptureChannel.API, actor.get(), "api"));
            List<BatchItem> results = result.items().stream()
                    .map(item -> new BatchItem(item.index(), item.leadId(),
                            item.outcome().name().toLowerCase(java.util.Locale.ROOT),
                            item.problems().isEmpty() ? null : item.problems()))
                    .toList();
            long invalid = result.count(IntakeResult.Outcome.INVALID);
            BatchResponse body = new BatchResponse(result.count(IntakeResult.Outcome.CREATED),
                    result.count(IntakeResult.Outcome.UPDATED), invalid, results);
            return ResponseEntity.status(invalid == 0 ? 200 : 207).body(body);
        });
    }

    record BatchRequest(List<LeadRequest> leads) {
    }

    record CaptureResponse(UUID id, String result) {
    }

    record BatchItem(int index, UUID id, String result, List<BadInputException.FieldProblem> errors) {
    }

    record BatchResponse(long created, long updated, long invalid, List<BatchItem> results) {
    }

}
