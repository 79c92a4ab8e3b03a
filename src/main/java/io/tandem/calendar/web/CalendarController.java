package io.tandem.calendar.web;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.calendar.BusinessCalendar;
import io.tandem.calendar.BusinessCalendar.DayKind;
import io.tandem.calendar.internal.CalendarStore;
import io.tandem.security.AdminOnly;
import io.tandem.security.UserDirectory;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/** The admin's business calendars: hours per weekday, holidays and make-up workdays, and which team works by which. */
@Controller
@AdminOnly
class CalendarController {

    private final CalendarStore calendars;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final Ui ui;

    CalendarController(CalendarStore calendars, UserDirectory users, CurrentActor actor, Ui ui) {
        this.calendars = calendars;
        this.users = users;
        this.actor = actor;
        this.ui = ui;
    }

    @GetMapping("/admin/calendars")
    String list(@RequestParam(required = false) UUID id, Model model) {
        BusinessCalendar selected = id == null ? calendars.defaultCalendar() : calendars.find(id);
        Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, String.join(", ", selected.hours().getOrDefault(day, List.of()).stream()
                    .map(BusinessCalendar.Period::toString).toList()));
        }
        model.addAttribute("calendars", calendars.all());
        model.addAttribute("selected", selected);
        model.addAttribute("defaultId", calendars.defaultId());
        model.addAttribute("hours", hours);
        model.addAttribute("teams", users.teamSummaries());
        model.addAttribute("teamCalendars", calendars.teamCalendars());
        return "calendar/calendars";
    }

    @PostMapping("/admin/calendars")
    String create(@RequestParam(required = false) String name, @RequestParam(required = false) String zone,
            RedirectAttributes redirect) {
        UUID[] created = new UUID[1];
        String failure = ui.attempt(redirect, "/admin/calendars", "/admin/calendars",
                () -> created[0] = calendars.create(name, zone, actor.get()), "calendar.saved");
        return created[0] == null ? failure : "redirect:/admin/calendars?id=" + created[0];
    }

    @PostMapping("/admin/calendars/{id}/hours")
    String hours(@PathVariable UUID id, @RequestParam(required = false) String zone,
            @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<DayOfWeek, String> periods = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            periods.put(day, form.get(day.name()));
        }
        String back = "/admin/calendars?id=" + id;
        return ui.attempt(redirect, back, back, () -> calendars.updateHours(id, zone, periods, actor.get()),
                "calendar.saved");
    }

    @PostMapping("/admin/calendars/{id}/days")
    String markDay(@PathVariable UUID id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            @RequestParam(required = false) DayKind kind, @RequestParam(required = false) String name,
            RedirectAttributes redirect) {
        String back = "/admin/calendars?id=" + id;
        return ui.attempt(redirect, back, back, () -> calendars.markDay(id, day, kind, name, actor.get()),
                "calendar.saved");
    }

    @PostMapping("/admin/calendars/{id}/days/{day}/delete")
    String unmarkDay(@PathVariable UUID id, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
            RedirectAttributes redirect) {
        String back = "/admin/calendars?id=" + id;
        return ui.attempt(redirect, back, back, () -> calendars.unmarkDay(id, day, actor.get()), "calendar.saved");
    }

    @PostMapping("/admin/calendars/teams")
    String assignTeam(@RequestParam UUID team, @RequestParam(required = false) UUID calendar,
            RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/calendars", "/admin/calendars",
                () -> calendars.assignTeam(team, calendar, actor.get()), "calendar.saved");
    }
}
