package io.tandem.sla.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.calendar.BusinessCalendars;
import io.tandem.lead.LeadAccess;
import io.tandem.lead.LeadAction;
import io.tandem.lead.LeadDirectory;
import io.tandem.lead.LeadSummary;
import io.tandem.security.AdminOnly;
import io.tandem.security.Role;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.TeamSummary;
import io.tandem.security.UserDirectory;
import io.tandem.security.UserSummary;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;
import io.tandem.sla.SlaKind;
import io.tandem.sla.internal.SlaBoard;
import io.tandem.sla.internal.SlaBoard.ReportLine;
import io.tandem.sla.internal.SlaClockView;
import io.tandem.sla.internal.SlaClockView.State;
import io.tandem.sla.internal.SlaPolicies;
import io.tandem.sla.internal.SlaPolicy;

/**
 * The clocks as people see them: on a lead's page, in the rep's and SDR's queue ("my clocks"), on the manager's board
 * of the team, and in the SLA report; and the admin's policies.
 */
@Controller
class SlaController {

    static final int BOARD_ROWS = 50;

    private final SlaBoard board;
    private final SlaPolicies policies;
    private final BusinessCalendars calendars;
    private final LeadDirectory leads;
    private final LeadAccess access;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final Ui ui;
    private final Clock clock;

    SlaController(SlaBoard board, SlaPolicies policies, BusinessCalendars calendars, LeadDirectory leads,
            LeadAccess access, UserDirectory users, CurrentActor actor, Ui ui, Clock clock) {
        this.board = board;
        this.policies = policies;
        this.calendars = calendars;
        this.leads = leads;
        this.access = access;
        this.users = users;
        this.actor = actor;
        this.ui = ui;
        this.clock = clock;
    }

    /** A clock with what a row shows of it. */
    public record Row(SlaClockView clock, LeadSummary lead, String assignee, String escalatedTo, State state,
            Duration remaining, Duration overdue) {

        public String leadName() {
            if (lead == null) {
                return clock.leadId().toString();
            }
            return lead.name() != null ? lead.name() : lead.email() != null ? lead.email() : lead.id().toString();
        }
    }

    @GetMapping("/leads/{id}/sla")
    String ofLead(@PathVariable UUID id, TandemPrincipal me, Model model) {
        access.require(me, id, LeadAction.READ);
        model.addAttribute("rows", rows(board.ofLead(id), me, false));
        return "sla/lead-panel :: clocks";
    }

    /** The person's own running clocks, soonest deadline first: loaded into the SDR queue and the sales inbox. */
    @GetMapping("/sla/mine")
    String mine(TandemPrincipal me, Model model) {
        model.addAttribute("rows", rows(board.running(List.of(me.userId()), false, 20), me, true));
        return "sla/mine :: mine";
    }

    /** The team's clocks: what runs, what is at risk, what was breached in the last week. */
    @GetMapping("/sla")
    String board(TandemPrincipal me, @RequestParam(required = false) UUID team,
            @RequestParam(defaultValue = "false") boolean overdue, Model model) {
        List<TeamSummary> teams = visibleTeams(me);
        Set<UUID> people = people(me, teams, team);
        boolean unassigned = team == null && seesQueue(me);
        Instant now = clock.instant();
        List<Row> running = rows(overdue ? board.overdue(people, unassigned, now, BOARD_ROWS)
                : board.running(people, unassigned, BOARD_ROWS), me, true);
        Instant weekAgo = now.minus(Duration.ofDays(7));
        List<SlaBoard.Load> load = board.load(people, unassigned, now);
        model.addAttribute("running", running);
        model.addAttribute("overdue", overdue);
        model.addAttribute("load", load);
        model.addAttribute("loadNames", users.displayNames(load.stream().map(SlaBoard.Load::assigneeId).toList()));
        model.addAttribute("totalRunning", load.stream().mapToLong(SlaBoard.Load::total).sum());
        model.addAttribute("breachedNow", load.stream().mapToLong(SlaBoard.Load::overdue).sum());
        model.addAttribute("atRisk", load.stream().mapToLong(SlaBoard.Load::atRisk).sum());
        model.addAttribute("breaches", rows(board.breachedSince(people, unassigned, weekAgo, BOARD_ROWS), me, true));
        model.addAttribute("teams", teams);
        model.addAttribute("team", team);
        model.addAttribute("section", "sla");
        return "sla/board";
    }

    @GetMapping("/sla/report")
    String report(TandemPrincipal me, @RequestParam(required = false) UUID team,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        ZoneId zone = ui.zone();
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate last = to == null ? today : to;
        LocalDate first = from == null ? last.minusDays(29) : from;
        if (first.isAfter(last)) {
            LocalDate swap = first;
            first = last;
            last = swap;
        }
        List<TeamSummary> teams = visibleTeams(me);
        Set<UUID> people = people(me, teams, team);
        List<ReportLine> lines = board.report(first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant(), people);
        Map<UUID, UserSummary> names = users.findAll(people);
        model.addAttribute("lines", lines);
        model.addAttribute("names", names);
        model.addAttribute("teamLines", teamTotals(lines));
        model.addAttribute("teams", teams);
        model.addAttribute("team", team);
        model.addAttribute("from", first);
        model.addAttribute("to", last);
        model.addAttribute("section", "sla");
        return "sla/report";
    }

    /** The whole group's line per kind; percentiles need the clocks themselves, so they are not summed up. */
    private static List<ReportLine> teamTotals(List<ReportLine> lines) {
        List<ReportLine> totals = new ArrayList<>();
        for (SlaKind kind : SlaKind.values()) {
            List<ReportLine> ofKind = lines.stream().filter(l -> l.kind() == kind).toList();
            if (!ofKind.isEmpty()) {
                totals.add(new ReportLine(null, kind, ofKind.stream().mapToLong(ReportLine::clocks).sum(),
                        ofKind.stream().mapToLong(ReportLine::metInTime).sum(),
                        ofKind.stream().mapToLong(ReportLine::breached).sum(),
                        ofKind.stream().mapToLong(ReportLine::running).sum(), null, null));
            }
        }
        return totals;
    }

    @GetMapping("/admin/sla")
    @AdminOnly
    String policies(Model model) {
        model.addAttribute("policies", policies.all());
        model.addAttribute("kinds", SlaKind.values());
        model.addAttribute("section", "sla-admin");
        return "sla/admin";
    }

    @PostMapping("/admin/sla")
    @AdminOnly
    String savePolicy(@RequestParam(required = false) SlaKind kind, @RequestParam(defaultValue = "*") String segment,
            @RequestParam(defaultValue = "0") int targetMinutes, @RequestParam(defaultValue = "0") int remindBeforeMinutes,
            @RequestParam(defaultValue = "false") boolean escalate, @RequestParam(defaultValue = "false") boolean takeBack,
            @RequestParam(defaultValue = "false") boolean active, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/sla", "/admin/sla", () -> policies.save(new SlaPolicy(kind,
                segment.strip(), targetMinutes, remindBeforeMinutes, escalate, takeBack, active), actor.get()),
                "sla.saved");
    }

    private List<TeamSummary> visibleTeams(TandemPrincipal me) {
        if (me.isAdmin() || me.has(Role.EXECUTIVE)) {
            return users.teamSummaries();
        }
        return users.teamsManagedBy(me.userId());
    }

    /** Whose clocks the person sees: their own, their teams' (a manager's), everyone's (admin, executive). */
    private Set<UUID> people(TandemPrincipal me, List<TeamSummary> teams, UUID team) {
        Set<UUID> people = new LinkedHashSet<>();
        if (team != null) {
            teams.stream().filter(t -> t.id().equals(team)).findFirst()
                    .ifPresent(t -> people.addAll(users.teamMembers(t.id())));
            return people;
        }
        people.add(me.userId());
        if (me.isAdmin() || me.has(Role.EXECUTIVE)) {
            users.activeUsers().forEach(user -> people.add(user.id()));
        }
        teams.forEach(t -> people.addAll(users.teamMembers(t.id())));
        return people;
    }

    /** MQLs nobody holds yet are the queue's: those who run or oversee it see their clocks. */
    private static boolean seesQueue(TandemPrincipal me) {
        return me.isAdmin() || me.has(Role.EXECUTIVE) || me.has(Role.SALES_MANAGER) || me.has(Role.SDR)
                || me.has(Role.MARKETING);
    }

    private List<Row> rows(List<SlaClockView> clocks, TandemPrincipal me, boolean onlyReadable) {
        Collection<UUID> leadIds = clocks.stream().map(SlaClockView::leadId).distinct().toList();
        Set<UUID> readable = onlyReadable ? access.permitted(me, leadIds, LeadAction.READ) : Set.copyOf(leadIds);
        Map<UUID, LeadSummary> summaries = leads.summaries(readable);
        Set<UUID> people = new LinkedHashSet<>();
        clocks.forEach(c -> {
            people.add(c.assigneeId());
            people.add(c.escalatedTo());
        });
        Map<UUID, String> names = users.displayNames(people);
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>();
        for (SlaClockView c : clocks) {
            if (!readable.contains(c.leadId())) {
                continue;
            }
            State state = c.state(now);
            var calendar = calendars.byId(c.calendarId());
            Duration remaining = c.running() && state != State.BREACHED ? calendar.workingTimeBetween(now, c.dueAt())
                    : null;
            Duration overdue = state == State.BREACHED ? calendar.workingTimeBetween(c.dueAt(), now) : null;
            rows.add(new Row(c, summaries.get(c.leadId()), names.get(c.assigneeId()), names.get(c.escalatedTo()),
                    state, remaining, overdue));
        }
        return rows;
    }
}
