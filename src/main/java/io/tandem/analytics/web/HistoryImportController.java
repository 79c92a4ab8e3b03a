package io.tandem.analytics.web;

import java.io.IOException;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

import io.tandem.analytics.internal.HistoryImport;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/** Uploading history: leads with their stage dates, then their opportunities and won deals. */
@Controller
@RequestMapping("/analytics/history")
@PreAuthorize("hasAnyRole('ADMIN','MARKETING')")
class HistoryImportController {

    private final HistoryImport history;
    private final CurrentActor actor;
    private final Ui ui;

    HistoryImportController(HistoryImport history, CurrentActor actor, Ui ui) {
        this.history = history;
        this.actor = actor;
        this.ui = ui;
    }

    @GetMapping
    String form() {
        return "analytics/history";
    }

    @PostMapping
    String upload(@RequestParam(defaultValue = "LEADS") String kind, @RequestParam(required = false) MultipartFile file,
            Model model) throws IOException {
        HistoryImport.Kind which;
        try {
            which = HistoryImport.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("kind", "LEADS or DEALS");
        }
        try {
            model.addAttribute("result", history.run(which, file == null ? null : file.getOriginalFilename(),
                    file == null ? null : file.getBytes(), actor.get()));
        } catch (BadInputException e) {
            model.addAttribute("error", e.problems().isEmpty() ? e.getMessage()
                    : String.join("; ", e.problems().stream().map(ui::problem).toList()));
        }
        model.addAttribute("kind", which);
        return "analytics/history";
    }
}
