package io.tandem.activity.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tandem.activity.ActivityRecorder;
import io.tandem.activity.NewActivity;
import io.tandem.activity.RecordingResult;
import io.tandem.lead.PersonRef;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BatchTooLargeException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.db.Transactions;

@Tag(name = "Activities")
@RestController
@RequestMapping("/api/v1/activities")
@PreAuthorize("hasAuthority('SCOPE_activities:write') and hasAnyRole('ADMIN','MARKETING')")
class ActivityApi {

    private final ActivityRecorder recorder;
    private final TransactionTemplate transactions;
    private final CurrentActor actor;
    private final int maxBatch;

    ActivityApi(ActivityRecorder recorder, TransactionTemplate transactions, CurrentActor actor,
            @Value("${tandem.api.max-activity-batch:5000}") int maxBatch) {
        this.recorder = recorder;
        this.transactions = transactions;
        this.actor = actor;
        this.maxBatch = maxBatch;
    }

    @Operation(summary = "Record up to 5,000 activities",
            description = """
                    Each activity names its person by leadId, email, phone or anonymousId; an unknown email or phone \
                    creates a lead, an unknown anonymousId an anonymous lead that joins the person once they identify \
                    themselves (e.g. a form with the same anonymousId). eventId makes a retry safe: an activity whose \
                    eventId was recorded before is counted as a duplicate and not written again. 200 when nothing \
                    was rejected, 207 otherwise.""")
    @PostMapping("/batch")
    ResponseEntity<RecordingResult> recordBatch(@RequestBody BatchRequest request, TandemPrincipal principal) {
        if (request.activities() == null || request.activities().isEmpty()) {
            throw BadInputException.of("activities", "send at least one activity");
        }
        if (request.activities().size() > maxBatch) {
            throw new BatchTooLargeException("activities", maxBatch, request.activities().size());
        }
        List<NewActivity> activities = request.activities().stream()
                .map(a -> a == null ? new NewActivity(null, null, null, null, null, null) : a.toNewActivity())
                .toList();
        String sourceName = principal.tokenName() == null ? principal.username() : principal.tokenName();
        RecordingResult result = Transactions.retryingOnConflict(transactions,
                () -> recorder.record(activities, actor.get(), sourceName));
        return ResponseEntity.status(result.rejections().isEmpty() ? 200 : 207).body(result);
    }

    record BatchRequest(List<ActivityRequest> activities) {
    }

    @Schema(description = "Something a person did. Name the person by leadId, email, phone or anonymousId.")
    record ActivityRequest(
            @Schema(description = "Your id of this event; repeated ids are ignored", example = "evt-2026-000123")
            String eventId,
            @Schema(example = "PAGE_VIEW", description = "PAGE_VIEW, FORM_SUBMITTED, EMAIL_SENT, EMAIL_OPENED, "
                    + "EMAIL_CLICKED, UNSUBSCRIBED, CONTENT_DOWNLOADED, EVENT_REGISTERED, EVENT_CHECKED_IN, "
                    + "WEBINAR_ATTENDED, DEMO_REQUESTED, CONTACT_SALES, CALL, MEETING, NOTE, WECHAT_FOLLOWED or "
                    + "custom.<name>")
            String type,
            Instant occurredAt,
            UUID leadId,
            String email,
            String phone,
            String anonymousId,
            UUID campaignId,
            Map<String, Object> properties) {

        NewActivity toNewActivity() {
            return new NewActivity(eventId, type, occurredAt, new PersonRef(leadId, email, phone, anonymousId),
                    campaignId, properties);
        }
    }
}
