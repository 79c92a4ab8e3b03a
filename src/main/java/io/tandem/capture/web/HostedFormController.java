package io.tandem.capture.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import io.tandem.activity.ActivityRecorder;
import io.tandem.activity.ActivityType;
import io.tandem.activity.NewActivity;
import io.tandem.campaign.CampaignCatalog;
import io.tandem.campaign.HostedForm;
import io.tandem.campaign.MemberStatus;
import io.tandem.capture.CaptureItem;
import io.tandem.capture.LeadCapture;
import io.tandem.capture.internal.FormRateLimiter;
import io.tandem.lead.CaptureChannel;
import io.tandem.lead.CaptureContext;
import io.tandem.lead.IntakeResult;
import io.tandem.lead.LeadData;
import io.tandem.lead.LeadIntake;
import io.tandem.lead.PersonRef;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.NotFoundException;
import io.tandem.shared.db.Transactions;
import io.tandem.shared.web.Ui;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The public form of a campaign at {@code /f/{formKey}}: a page of its own, or the target of a form on the company's
 * landing pages. A honeypot field and a per-address rate limit keep bots out; the consent the person gave is recorded
 * with the version of the consent text.
 */
@Controller
class HostedFormController {

    private static final Logger log = LoggerFactory.getLogger(HostedFormController.class);
    static final String HONEYPOT = "website";

    private final CampaignCatalog campaigns;
    private final LeadCapture capture;
    private final LeadIntake leads;
    private final ActivityRecorder activities;
    private final FormRateLimiter rateLimiter;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Ui ui;

    HostedFormController(CampaignCatalog campaigns, LeadCapture capture, LeadIntake leads,
            ActivityRecorder activities, FormRateLimiter rateLimiter, TransactionTemplate transactions, Clock clock,
            Ui ui) {
        this.ui = ui;
        this.campaigns = campaigns;
        this.capture = capture;
        this.leads = leads;
        this.activities = activities;
        this.rateLimiter = rateLimiter;
        this.transactions = transactions;
        this.clock = clock;
    }

    record Submission(String name, String email, String phone, String company, String title, boolean consent,
            String intent, String anonymousId, String page, String utmSource, String utmMedium, String utmCampaign) {
    }

    @GetMapping("/f/{formKey}")
    String show(@PathVariable String formKey, Model model) {
        HostedForm form = form(formKey);
        model.addAttribute("form", form);
        model.addAttribute("values", Map.of());
        model.addAttribute("errors", Map.of());
        return "capture/hosted-form";
    }

    @PostMapping(path = "/f/{formKey}", consumes = { MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            MediaType.MULTIPART_FORM_DATA_VALUE })
    Object submit(@PathVariable String formKey, @RequestParam Map<String, String> fields,
            @RequestHeader(name = "Accept", required = false) String accept,
            @RequestHeader(name = "Referer", required = false) String referer, HttpServletRequest request,
            Model model) {
        HostedForm form = form(formKey);
        boolean wantsJson = accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)
                && !accept.contains(MediaType.TEXT_HTML_VALUE);
        String address = request.getRemoteAddr();
        if (!rateLimiter.tryAcquire(address)) {
            if (wantsJson) {
                return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                        .body(Map.of("status", "rate_limited", "message", "Too many submissions; try again in a minute"));
            }
            model.addAttribute("form", form);
            return new org.springframework.web.servlet.ModelAndView("capture/hosted-form-busy", model.asMap(),
                    HttpStatus.TOO_MANY_REQUESTS);
        }
        if (fields.getOrDefault(HONEYPOT, "").isBlank()) {
            Submission submission = new Submission(fields.get("name"), fields.get("email"), fields.get("phone"),
                    fields.get("company"), fields.get("title"), fields.containsKey("consent"), fields.get("intent"),
                    fields.get("anonymousId"), fields.getOrDefault("page", referer), fields.get("utm_source"),
                    fields.get("utm_medium"), fields.get("utm_campaign"));
            List<FieldProblem> problems = record(form, submission, Actor.publicForm(formKey, address));
            if (!problems.isEmpty()) {
                if (wantsJson) {
                    return ResponseEntity.badRequest().body(Map.of("status", "invalid", "errors", problems));
                }
                Map<String, String> errors = new LinkedHashMap<>();
                problems.forEach(p -> errors.put(p.field(), ui.problem(p)));
                model.addAttribute("form", form);
                model.addAttribute("values", fields);
                model.addAttribute("errors", errors);
                return new org.springframework.web.servlet.ModelAndView("capture/hosted-form", model.asMap(),
                        HttpStatus.BAD_REQUEST);
            }
        } else {
            // Bots fill every field. Answer as if all went well, so they learn nothing.
            log.debug("Dropped a submission of form {} from {}: honeypot filled", formKey, address);
        }
        if (wantsJson) {
            return ResponseEntity.ok(Map.of("status", "ok"));
        }
        if (form.thankYouUrl() != null) {
            return "redirect:" + form.thankYouUrl();
        }
        model.addAttribute("form", form);
        return "capture/hosted-form-thanks";
    }

    private List<FieldProblem> record(HostedForm form, Submission submission, Actor actor) {
        return Transactions.retryingOnConflict(transactions, () -> {
            LeadData data = LeadData.builder().name(submission.name()).email(submission.email())
                    .phone(submission.phone()).company(submission.company()).title(submission.title())
                    .campaignId(form.campaignId()).anonymousId(submission.anonymousId())
                    .sourceDetail(submission.utmSource()).build();
            IntakeResult.Item item = capture.capture(List.of(new CaptureItem(data, MemberStatus.RESPONDED)),
                    new CaptureContext(CaptureChannel.FORM, actor, "form:" + form.formKey())).items().get(0);
            if (item.outcome() == IntakeResult.Outcome.INVALID) {
                return item.problems();
            }
            if (form.consentText() != null) {
                leads.recordConsent(item.leadId(), "MARKETING", submission.consent(), form.consentTextVersion(),
                        "form:" + form.formKey(), actor);
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            putIfPresent(properties, "page", submission.page());
            putIfPresent(properties, "utm_source", submission.utmSource());
            putIfPresent(properties, "utm_medium", submission.utmMedium());
            putIfPresent(properties, "utm_campaign", submission.utmCampaign());
            properties.put("form", form.formKey());
            activities.record(List.of(new NewActivity(null, activityType(submission.intent()).name(), clock.instant(),
                    new PersonRef(item.leadId(), null, null, null), form.campaignId(), properties)), actor,
                    "form:" + form.formKey());
            return new ArrayList<FieldProblem>();
        });
    }

    /** A form can say that it is a hand-raise, e.g. a hidden field intent=demo on a "Book a demo" form. */
    static ActivityType activityType(String intent) {
        if (intent == null) {
            return ActivityType.FORM_SUBMITTED;
        }
        return switch (intent.strip().toLowerCase(Locale.ROOT)) {
            case "demo", "demo_request" -> ActivityType.DEMO_REQUESTED;
            case "contact_sales", "sales" -> ActivityType.CONTACT_SALES;
            case "download", "content" -> ActivityType.CONTENT_DOWNLOADED;
            default -> ActivityType.FORM_SUBMITTED;
        };
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.strip());
        }
    }

    private HostedForm form(String formKey) {
        return campaigns.hostedForm(formKey).orElseThrow(() -> new NotFoundException("Form", formKey));
    }
}
