package io.tandem.lifecycle.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.lifecycle.StagePool;
import io.tandem.lifecycle.internal.StageCatalog;
import io.tandem.security.AdminOnly;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;

/** Admin page of the waterfall: names, intermediate stages and the transition table. */
@Controller
@AdminOnly
class StagesController {

    private final StageCatalog stages;
    private final CurrentActor actor;

    StagesController(StageCatalog stages, CurrentActor actor) {
        this.stages = stages;
        this.actor = actor;
    }

    @GetMapping("/admin/stages")
    String page(Model model) {
        model.addAttribute("stages", stages.stages());
        model.addAttribute("model", stages);
        model.addAttribute("pools", StagePool.values());
        return "lifecycle/stages";
    }

    @PostMapping("/admin/stages/{code}")
    String rename(@PathVariable String code, @RequestParam String nameEn, @RequestParam String nameZh, Model model,
            RedirectAttributes redirect) {
        try {
            stages.rename(code, nameEn, nameZh, actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return page(model);
        }
        redirect.addFlashAttribute("flashKey", "stages.saved");
        return "redirect:/admin/stages";
    }

    @PostMapping("/admin/stages")
    String add(@RequestParam String code, @RequestParam String nameEn, @RequestParam String nameZh,
            @RequestParam(defaultValue = "0") int position, @RequestParam(required = false) StagePool pool,
            Model model, RedirectAttributes redirect) {
        try {
            stages.add(code, nameEn, nameZh, position, pool, actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return page(model);
        }
        redirect.addFlashAttribute("flashKey", "stages.saved");
        return "redirect:/admin/stages";
    }

    /** The matrix posts one {@code t} value per checked cell, written {@code FROM>TO}. */
    @PostMapping("/admin/stages/transitions")
    String transitions(@RequestParam(name = "t", required = false) List<String> cells, Model model,
            RedirectAttributes redirect) {
        Set<List<String>> pairs = new HashSet<>();
        if (cells != null) {
            for (String cell : cells) {
                String[] parts = cell.split(">", 2);
                if (parts.length == 2) {
                    pairs.add(List.of(parts[0], parts[1]));
                }
            }
        }
        try {
            stages.setTransitions(pairs, actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return page(model);
        }
        redirect.addFlashAttribute("flashKey", "stages.saved");
        return "redirect:/admin/stages";
    }

}
