package io.tandem.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadQuery;
import io.tandem.lead.LeadStatistics;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.web.PreferredLocale;
import io.tandem.shared.web.Ui;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

@Controller
class ShellController {

    private final LeadDirectory leads;
    private final LeadStatistics statistics;
    private final Ui ui;
    private final Clock clock;
    private final JsonMapper json;

    ShellController(LeadDirectory leads, LeadStatistics statistics, Ui ui, Clock clock, JsonMapper json) {
        this.leads = leads;
        this.statistics = statistics;
        this.ui = ui;
        this.clock = clock;
        this.json = json;
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String lang, HttpServletRequest request) {
        if (lang != null) {
            PreferredLocale.remember(request, lang);
        }
        return "login";
    }

    @GetMapping("/")
    String home(TandemPrincipal me, Model model) {
        // People who work a queue start in it; the pool's overview is for marketing, executives and admins.
        boolean overview = me.isAdmin() || me.has(Role.MARKETING) || me.has(Role.EXECUTIVE);
        if (!overview && me.has(Role.SDR)) {
            return "redirect:/sdr";
        }
        if (!overview && (me.has(Role.SALES_REP) || me.has(Role.SALES_MANAGER))) {
            return "redirect:/sales";
        }
        if (!me.canReadLeads()) {
            return "home-minimal";
        }
        Instant now = clock.instant();
        Instant monthAgo = now.minus(Duration.ofDays(30));
        LocalDate weekAgo = LocalDate.ofInstant(now.minus(Duration.ofDays(7)), ui.zone());
        model.addAttribute("total", leads.estimatedTotal());
        model.addAttribute("newThisWeek", leads.countUpTo(new LeadQuery(null, null, null, null, false, null, null,
                weekAgo, null, null, null, 1), 100_000));
        model.addAttribute("openDuplicates", statistics.openDuplicateSuggestions());

        Map<LocalDate, Long> perDay = statistics.createdPerDay(monthAgo, ui.zone());
        List<String> days = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (LocalDate day = LocalDate.ofInstant(monthAgo, ui.zone()); !day.isAfter(LocalDate.ofInstant(now,
                ui.zone())); day = day.plusDays(1)) {
            days.add(day.toString());
            counts.add(perDay.getOrDefault(day, 0L));
        }
        model.addAttribute("perDayChart", json.writeValueAsString(Map.of(
                "tooltip", Map.of("trigger", "axis"),
                "grid", Map.of("left", 40, "right", 16, "top", 16, "bottom", 28),
                "xAxis", Map.of("type", "category", "data", days),
                "yAxis", Map.of("type", "value", "minInterval", 1),
                "series", List.of(Map.of("type", "line", "smooth", true, "areaStyle", Map.of(), "data", counts)))));
        List<Map<String, Object>> sources = new ArrayList<>();
        statistics.createdBySource(monthAgo, 8).forEach(entry -> sources.add(Map.of("name", entry.getKey(),
                "value", entry.getValue(), "link", "/leads?source=" + entry.getKey())));
        model.addAttribute("sources", sources);
        model.addAttribute("sourceChart", json.writeValueAsString(Map.of(
                "tooltip", Map.of("trigger", "item"),
                "series", List.of(Map.of("type", "pie", "radius", List.of("40%", "70%"), "data", sources)))));
        return "home";
    }
}
