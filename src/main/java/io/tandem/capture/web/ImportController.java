package io.tandem.capture.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.tandem.campaign.CampaignCatalog;
import io.tandem.capture.internal.imports.ImportJob;
import io.tandem.capture.internal.imports.ImportJobs;
import io.tandem.lead.CustomFieldCatalog;
import io.tandem.lead.LeadField;
import io.tandem.security.CanManageLeads;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;
import jakarta.servlet.http.HttpServletResponse;

/** The import wizard: upload → map columns and preview → dry run or import → progress → result and error report. */
@Controller
@CanManageLeads
class ImportController {

    private final ImportJobs jobs;
    private final CampaignCatalog campaigns;
    private final CustomFieldCatalog customFields;
    private final CurrentActor actor;
    private final Ui ui;

    ImportController(ImportJobs jobs, CampaignCatalog campaigns, CustomFieldCatalog customFields,
            CurrentActor actor, Ui ui) {
        this.ui = ui;
        this.jobs = jobs;
        this.campaigns = campaigns;
        this.customFields = customFields;
        this.actor = actor;
    }

    record TargetOption(String code, String messageKey, String label) {
    }

    @GetMapping("/imports")
    String list(Model model) {
        model.addAttribute("jobs", jobs.recent(20));
        return "capture/imports";
    }

    @PostMapping("/imports")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String encoding, Model model) throws IOException {
        if (file == null || file.isEmpty()) {
            model.addAttribute("error", "import.error.noFile");
            return list(model);
        }
        try {
            UUID id = jobs.upload(file.getInputStream(), file.getOriginalFilename(), encoding, actor.get());
            return "redirect:/imports/" + id;
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.problems().isEmpty() ? e.getBody().getDetail()
                    : ui.problem(e.problems().get(0)));
            return list(model);
        }
    }

    @GetMapping("/imports/{id}")
    String show(@PathVariable UUID id, TandemPrincipal me, Model model) {
        ImportJob job = jobs.get(id);
        model.addAttribute("job", job);
        if (job.canStart()) {
            model.addAttribute("preview", jobs.previewRows(id));
            model.addAttribute("options", options(me));
            model.addAttribute("campaigns", campaigns.all());
        }
        if (job.isFinished() || job.status().equals(ImportJob.FAILED)) {
            model.addAttribute("errors", jobs.firstErrors(id, 50));
        }
        return "capture/import";
    }

    @GetMapping("/imports/{id}/progress")
    String progress(@PathVariable UUID id, HttpServletResponse response, Model model) {
        ImportJob job = jobs.get(id);
        if (!job.isRunning()) {
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("job", job);
        return "capture/import :: progress";
    }

    @PostMapping("/imports/{id}/start")
    String start(@PathVariable UUID id, @RequestParam(name = "target") List<String> targets,
            @RequestParam(required = false) UUID campaignId, @RequestParam(required = false) String source,
            @RequestParam(defaultValue = "false") boolean dryRun, TandemPrincipal me, Model model) {
        try {
            jobs.start(id, targets, campaignId, source, dryRun, actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return show(id, me, model);
        }
        return "redirect:/imports/" + id;
    }

    @GetMapping("/imports/{id}/errors.csv")
    void errors(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-errors-" + id + ".csv\"");
        OutputStreamWriter writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        jobs.writeErrors(id, writer, error -> ui.problem(error.code(), error.args(), error.reason()));
        writer.flush();
    }

    private List<TargetOption> options(TandemPrincipal me) {
        List<TargetOption> options = new ArrayList<>();
        options.add(new TargetOption("ignore", "import.target.ignore", null));
        for (LeadField field : LeadField.values()) {
            options.add(new TargetOption("field:" + field.name(), "lead." + field.apiName(), null));
        }
        options.add(new TargetOption("tags", "lead.tags", null));
        options.add(new TargetOption("status", "import.target.status", null));
        options.add(new TargetOption("captured-at", "import.target.capturedAt", null));
        customFields.all().forEach(field -> options.add(new TargetOption("custom:" + field.key(), null,
                field.labelEn().equals(field.labelZh()) ? field.labelEn() : field.labelEn() + " / " + field.labelZh())));
        if (me.isAdmin()) {
            options.add(new TargetOption("new-custom", "import.target.newCustom", null));
        }
        return options;
    }
}
