package io.tandem.planning.web;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.analytics.FunnelStage;
import io.tandem.planning.PlanInputs;
import io.tandem.planning.ReverseFunnel;
import io.tandem.planning.internal.PlanDefaults;
import io.tandem.planning.internal.PlanStore;
import io.tandem.planning.internal.PlanVsActual;
import io.tandem.security.UserDirectory;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.NotFoundException;
import io.tandem.shared.web.Ui;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CGO's planner: a target turned into each stage's monthly numbers (previewed before saving), named plans with
 * versions, and each plan against what happened, for the company or one team.
 */
@Controller
@RequestMapping("/planning")
@PreAuthorize("hasAnyRole('ADMIN','MARKETING','SALES_MANAGER','EXECUTIVE')")
class PlanningController {

    static final String CAN_SAVE = "hasAnyRole('ADMIN','MARKETING','EXECUTIVE')";

    private final PlanStore plans;
    private final PlanDefaults defaults;
    private final PlanVsActual comparisons;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final JsonMapper json;
    private final MessageSource messages;
    private final Ui ui;

    PlanningController(PlanStore plans, PlanDefaults defaults, PlanVsActual comparisons, UserDirectory users,
            CurrentActor actor, JsonMapper json, MessageSource messages, Ui ui) {
        this.plans = plans;
        this.defaults = defaults;
        this.comparisons = comparisons;
        this.users = users;
        this.actor = actor;
        this.json = json;
        this.messages = messages;
        this.ui = ui;
    }

    /** The plans, and a new plan's form with defaults from the last {@code months} months. */
    @GetMapping
    String start(@RequestParam(defaultValue = "12") int months, Model model) {
        PlanDefaults.Learned learned = defaults.defaults(months);
        page(model, PlanForm.of("", learned.inputs()), null, null);
        model.addAttribute("learned", learned);
        return "planning/planner";
    }

    /** Shows what the inputs mean without saving them. */
    @PostMapping("/preview")
    String preview(PlanForm form, Model model) {
        try {
            PlanInputs inputs = form.inputs();
            page(model, form, ReverseFunnel.plan(inputs), null);
        } catch (BadInputException e) {
            page(model, form, null, null);
            model.addAttribute("error", problems(e));
        }
        return "planning/planner";
    }

    @PostMapping
    @PreAuthorize(CAN_SAVE)
    String create(PlanForm form, Model model, RedirectAttributes redirect) {
        try {
            UUID id = plans.create(form.name(), form.inputs(), form.note(), actor.get());
            redirect.addFlashAttribute("flashKey", "planning.saved");
            redirect.addFlashAttribute("flashCount", 1);
            return "redirect:/planning/" + id;
        } catch (BadInputException e) {
            page(model, form, null, null);
            model.addAttribute("error", problems(e));
            return "planning/planner";
        }
    }

    @GetMapping("/{id}")
    String plan(@PathVariable UUID id, @RequestParam(required = false) Integer version,
            @RequestParam(required = false) UUID team, @RequestParam(defaultValue = "REVENUE") String line,
            Model model) {
        PlanStore.StoredVersion stored = plans.version(id, version).orElseThrow(() -> new NotFoundException("plan",
                id));
        PlanForm form = PlanForm.of(stored.name(), stored.inputs());
        PlanVsActual.Comparison comparison = comparisons.compare(stored.inputs(), team);
        page(model, form, ReverseFunnel.plan(stored.inputs()), stored);
        model.addAttribute("versions", plans.versions(id));
        model.addAttribute("comparison", comparison);
        model.addAttribute("team", team);
        model.addAttribute("line", line);
        model.addAttribute("pacingChart", json.writeValueAsString(pacingChart(comparison, line, team)));
        return "planning/planner";
    }

    @PostMapping("/{id}/versions")
    @PreAuthorize(CAN_SAVE)
    String saveVersion(@PathVariable UUID id, PlanForm form, Model model, RedirectAttributes redirect) {
        PlanStore.StoredVersion latest = plans.version(id, null).orElseThrow(() -> new NotFoundException("plan",
                id));
        try {
            int version = plans.saveVersion(id, form.inputs(), form.note(), actor.get());
            redirect.addFlashAttribute("flashKey", "planning.versionSaved");
            redirect.addFlashAttribute("flashCount", version);
            return "redirect:/planning/" + id;
        } catch (BadInputException e) {
            page(model, form, null, latest);
            model.addAttribute("versions", plans.versions(id));
            model.addAttribute("error", problems(e));
            return "planning/planner";
        }
    }

    private String problems(BadInputException e) {
        return e.problems().isEmpty() ? e.getMessage()
                : String.join("; ", e.problems().stream().map(ui::problem).toList());
    }

    private void page(Model model, PlanForm form, ReverseFunnel.Plan plan, PlanStore.StoredVersion stored) {
        model.addAttribute("form", form.compact());
        model.addAttribute("plan", plan);
        model.addAttribute("stored", stored);
        model.addAttribute("plans", plans.plans());
        model.addAttribute("teams", users.teamSummaries());
        model.addAttribute("stages", FunnelStage.ALL);
        if (plan != null) {
            List<YearMonth> months = new ArrayList<>(new java.util.TreeSet<>(plan.needed().values().stream()
                    .flatMap(m -> m.keySet().stream()).toList()));
            model.addAttribute("months", months);
            model.addAttribute("planChart", json.writeValueAsString(planChart(plan, months)));
        }
    }

    private String text(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }

    private Map<String, Object> planChart(ReverseFunnel.Plan plan, List<YearMonth> months) {
        List<Map<String, Object>> series = new ArrayList<>();
        for (FunnelStage stage : List.of(FunnelStage.LEAD, FunnelStage.MQL, FunnelStage.SQL,
                FunnelStage.OPPORTUNITY, FunnelStage.WON)) {
            List<Object> data = new ArrayList<>();
            months.forEach(month -> data.add(Math.ceil(plan.needed().get(stage).getOrDefault(month, 0.0))));
            series.add(Map.of("name", text("analytics.stage." + stage), "type", "bar", "data", data));
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0),
                "grid", Map.of("left", 60, "right", 20, "top", 40, "bottom", 30),
                "xAxis", Map.of("type", "category", "data", months.stream().map(YearMonth::toString).toList()),
                "yAxis", Map.of("type", "log", "min", 1), "series", series);
    }

    private Map<String, Object> pacingChart(PlanVsActual.Comparison comparison, String key, UUID team) {
        PlanVsActual.Line line = comparison.lines().stream().filter(l -> l.key().equals(key)).findFirst()
                .orElseThrow(() -> BadInputException.of("line", "one of LEAD, MQL, SAL, SQL, OPPORTUNITY, ORDERS, "
                        + "REVENUE"));
        List<String> months = comparison.months().stream().map(YearMonth::toString).toList();
        List<Object> planned = new ArrayList<>();
        List<Map<String, Object>> actual = new ArrayList<>();
        for (YearMonth month : comparison.months()) {
            planned.add(Math.round(line.planned().getOrDefault(month, 0.0) * 100) / 100.0);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("value", month.isAfter(comparison.currentMonth()) ? "-" : line.actual().getOrDefault(month,
                    0.0));
            String metric = key.equals("REVENUE") || key.equals("ORDERS") ? "metric=revenue&kind=all"
                    : "metric=entered&stage=" + key;
            point.put("link", "/analytics/leads?from=" + month.atDay(1) + "&to=" + month.atEndOfMonth()
                    + (team == null ? "" : "&team=" + team) + "&" + metric);
            actual.add(point);
        }
        return Map.of("animation", false, "tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0),
                "grid", Map.of("left", 80, "right", 20, "top", 40, "bottom", 30),
                "xAxis", Map.of("type", "category", "data", months), "yAxis", Map.of("type", "value"),
                "series", List.of(Map.of("name", text("planning.planned"), "type", "line", "data", planned),
                        Map.of("name", text("planning.actual"), "type", "bar", "data", actual)));
    }

}
