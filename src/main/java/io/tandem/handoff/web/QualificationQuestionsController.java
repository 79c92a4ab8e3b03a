package io.tandem.handoff.web;

import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.handoff.internal.QualificationQuestions;
import io.tandem.security.AdminOnly;
import io.tandem.shared.web.Ui;

/** Admin: the qualification questions SDRs answer besides BANT. */
@Controller
@AdminOnly
class QualificationQuestionsController {

    private final QualificationQuestions questions;
    private final Ui ui;

    QualificationQuestionsController(QualificationQuestions questions, Ui ui) {
        this.questions = questions;
        this.ui = ui;
    }

    @GetMapping("/admin/qualification")
    String list(Model model) {
        model.addAttribute("questions", questions.all());
        return "handoff/questions";
    }

    @PostMapping("/admin/qualification")
    String add(@RequestParam(required = false) String labelEn, @RequestParam(required = false) String labelZh,
            @RequestParam(defaultValue = "false") boolean required, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/qualification", "/admin/qualification",
                () -> questions.add(labelEn, labelZh, required), "form.saved");
    }

    @PostMapping("/admin/qualification/{id}")
    String update(@PathVariable UUID id, @RequestParam(required = false) String labelEn,
            @RequestParam(required = false) String labelZh, @RequestParam(defaultValue = "false") boolean required,
            @RequestParam(defaultValue = "false") boolean active, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/qualification", "/admin/qualification",
                () -> questions.update(id, labelEn, labelZh, required, active), "form.saved");
    }
}
