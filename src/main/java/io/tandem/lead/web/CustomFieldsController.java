package io.tandem.lead.web;

import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.lead.CustomFieldCatalog;
import io.tandem.lead.CustomFieldDefinition;
import io.tandem.lead.CustomFieldType;
import io.tandem.security.AdminOnly;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;

@Controller
@AdminOnly
class CustomFieldsController {

    private final CustomFieldCatalog fields;
    private final CurrentActor actor;

    CustomFieldsController(CustomFieldCatalog fields, CurrentActor actor) {
        this.fields = fields;
        this.actor = actor;
    }

    @GetMapping("/admin/custom-fields")
    String list(Model model) {
        model.addAttribute("fields", fields.all());
        model.addAttribute("types", CustomFieldType.values());
        return "lead/custom-fields";
    }

    @PostMapping("/admin/custom-fields")
    String define(@RequestParam String key, @RequestParam String labelEn, @RequestParam(required = false) String labelZh,
            @RequestParam CustomFieldType type, @RequestParam(required = false) String options, Model model,
            RedirectAttributes redirect) {
        List<String> optionList = options == null ? List.of() : Arrays.asList(options.split("[\\n,;，；]"));
        try {
            fields.define(new CustomFieldDefinition(key, labelEn, labelZh, type, optionList), actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return list(model);
        }
        redirect.addFlashAttribute("flashKey", "customFields.saved");
        return "redirect:/admin/custom-fields";
    }
}
