package io.tandem.calendar.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.tandem.audit.AuditAction;
import io.tandem.audit.AuditLog;
import io.tandem.calendar.BusinessCalendar;
import io.tandem.calendar.BusinessCalendar.DayKind;
import io.tandem.calendar.BusinessCalendar.Period;
import io.tandem.calendar.BusinessCalendar.SpecialDay;
import io.tandem.calendar.BusinessCalendars;
import io.tandem.shared.Actor;
import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.Ids;
import io.tandem.shared.NotFoundException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calendars and their special days. Clocks ask for calendars often and admins change them rarely, so all of them are
 * held in memory and read again after a change commits.
 */
@Service
public class CalendarStore implements BusinessCalendars {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    private record Snapshot(Map<UUID, BusinessCalendar> calendars, UUID defaultId, Map<UUID, UUID> teams) {
    }

    CalendarStore(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public BusinessCalendar defaultCalendar() {
        Snapshot current = snapshot();
        return current.calendars().get(current.defaultId());
    }

    @Override
    public BusinessCalendar forTeam(UUID teamId) {
        Snapshot current = snapshot();
        UUID calendarId = teamId == null ? null : current.teams().get(teamId);
        return calendarId == null ? defaultCalendar() : byId(calendarId);
    }

    @Override
    public BusinessCalendar byId(UUID calendarId) {
        BusinessCalendar calendar = snapshot().calendars().get(calendarId);
        return calendar != null ? calendar : defaultCalendar();
    }

    public List<BusinessCalendar> all() {
        return List.copyOf(snapshot().calendars().values());
    }

    public UUID defaultId() {
        return snapshot().defaultId();
    }

    public Map<UUID, UUID> teamCalendars() {
        return snapshot().teams();
    }

    public BusinessCalendar find(UUID calendarId) {
        BusinessCalendar calendar = snapshot().calendars().get(calendarId);
        if (calendar == null) {
            throw new NotFoundException("Calendar", calendarId);
        }
        return calendar;
    }

    @Transactional
    public UUID create(String name, String zone, Actor actor) {
        String cleanName = required("name", name);
        ZoneId zoneId = zone(zone);
        UUID id = Ids.next();
        BusinessCalendar template = defaultCalendar();
        jdbc.sql("""
                insert into business_calendar (id, name, zone, hours, created_at)
                values (:id, :name, :zone, cast(:hours as jsonb), :now)
                on conflict do nothing
                """).param("id", id).param("name", cleanName).param("zone", zoneId.getId())
                .param("hours", hoursJson(template.hours())).param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        if (jdbc.sql("select count(*) from business_calendar where id = :id").param("id", id).query(Long.class)
                .single() == 0) {
            throw BadInputException.of(FieldProblem.of("name", "calendar.nameTaken", cleanName));
        }
        audit.record(actor, AuditAction.CREATED, "calendar", id, cleanName);
        forgetAfterCommit();
        return id;
    }

    /**
     * Sets the zone and the working periods per weekday, each given as text like {@code 09:00-12:00, 13:00-18:00}.
     */
    @Transactional
    public void updateHours(UUID calendarId, String zone, Map<DayOfWeek, String> periodsByDay, Actor actor) {
        find(calendarId);
        ZoneId zoneId = zone(zone);
        Map<DayOfWeek, List<Period>> hours = new EnumMap<>(DayOfWeek.class);
        List<FieldProblem> problems = new ArrayList<>();
        periodsByDay.forEach((day, text) -> {
            if (text == null || text.isBlank()) {
                return;
            }
            try {
                List<Period> periods = new ArrayList<>();
                for (String part : text.split(",")) {
                    periods.add(Period.parse(part));
                }
                hours.put(day, periods);
            } catch (IllegalArgumentException | DateTimeException e) {
                problems.add(FieldProblem.of(day.name(), "calendar.period", text));
            }
        });
        if (!problems.isEmpty()) {
            throw new BadInputException("Working periods look like 09:00-12:00, 13:00-18:00", problems);
        }
        try {
            new BusinessCalendar(calendarId, "check", zoneId, hours, List.of());
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(FieldProblem.of("hours", "calendar.overlap"));
        }
        if (hours.isEmpty()) {
            throw BadInputException.of(FieldProblem.of("hours", "calendar.noWorkingDay"));
        }
        jdbc.sql("update business_calendar set zone = :zone, hours = cast(:hours as jsonb), version = version + 1 "
                + "where id = :id").param("zone", zoneId.getId()).param("hours", hoursJson(hours))
                .param("id", calendarId).update();
        audit.record(actor, AuditAction.UPDATED, "calendar", calendarId, "hours " + hours + " in " + zoneId);
        forgetAfterCommit();
    }

    /** Marks a day as a holiday or a make-up workday (or changes its name); replaces what the day was before. */
    @Transactional
    public void markDay(UUID calendarId, LocalDate day, DayKind kind, String name, Actor actor) {
        find(calendarId);
        if (day == null) {
            throw BadInputException.of(FieldProblem.of("day", "calendar.dayRequired"));
        }
        if (kind == null) {
            throw BadInputException.of(FieldProblem.of("kind", "calendar.kindRequired"));
        }
        jdbc.sql("""
                insert into business_calendar_day (calendar_id, day, kind, name) values (:calendar, :day, :kind, :name)
                on conflict (calendar_id, day) do update set kind = excluded.kind, name = excluded.name
                """).param("calendar", calendarId).param("day", day).param("kind", kind.name())
                .param("name", name == null || name.isBlank() ? null : name.strip()).update();
        audit.record(actor, AuditAction.UPDATED, "calendar", calendarId, day + " is a " + kind);
        forgetAfterCommit();
    }

    @Transactional
    public void unmarkDay(UUID calendarId, LocalDate day, Actor actor) {
        int removed = jdbc.sql("delete from business_calendar_day where calendar_id = :calendar and day = :day")
                .param("calendar", calendarId).param("day", day).update();
        if (removed > 0) {
            audit.record(actor, AuditAction.UPDATED, "calendar", calendarId, day + " is a regular day again");
        }
        forgetAfterCommit();
    }

    /** Gives a team a calendar; {@code null} returns it to the default. */
    @Transactional
    public void assignTeam(UUID teamId, UUID calendarId, Actor actor) {
        if (calendarId == null) {
            jdbc.sql("delete from team_calendar where team_id = :team").param("team", teamId).update();
        } else {
            find(calendarId);
            jdbc.sql("""
                    insert into team_calendar (team_id, calendar_id) values (:team, :calendar)
                    on conflict (team_id) do update set calendar_id = excluded.calendar_id
                    """).param("team", teamId).param("calendar", calendarId).update();
        }
        audit.record(actor, AuditAction.UPDATED, "team", teamId, "works by calendar " + calendarId);
        forgetAfterCommit();
    }

    private Snapshot snapshot() {
        Snapshot current = snapshot.get();
        if (current == null) {
            current = load();
            snapshot.compareAndSet(null, current);
        }
        return current;
    }

    private Snapshot load() {
        Map<UUID, List<SpecialDay>> days = new LinkedHashMap<>();
        jdbc.sql("select calendar_id, day, kind, name from business_calendar_day order by day").query(rs -> {
            days.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>()).add(new SpecialDay(
                    rs.getObject(2, LocalDate.class), DayKind.valueOf(rs.getString(3)), rs.getString(4)));
        });
        Map<UUID, BusinessCalendar> calendars = new LinkedHashMap<>();
        UUID[] defaultId = new UUID[1];
        jdbc.sql("select id, name, zone, hours::text, is_default from business_calendar order by is_default desc, name")
                .query(rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    calendars.put(id, new BusinessCalendar(id, rs.getString(2), ZoneId.of(rs.getString(3)),
                            parseHours(rs.getString(4)), days.getOrDefault(id, List.of())));
                    if (rs.getBoolean(5)) {
                        defaultId[0] = id;
                    }
                });
        Map<UUID, UUID> teams = new LinkedHashMap<>();
        jdbc.sql("select team_id, calendar_id from team_calendar")
                .query(rs -> {
                    teams.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
                });
        return new Snapshot(calendars, defaultId[0], teams);
    }

    /** Forgets the snapshot now and once more when the change commits, so no reader keeps the old version. */
    private void forgetAfterCommit() {
        snapshot.set(null);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    snapshot.set(null);
                }
            });
        }
    }

    static Map<DayOfWeek, List<Period>> parseHours(String json) {
        Map<String, List<String>> raw = JSON.readValue(json, new TypeReference<Map<String, List<String>>>() { });
        Map<DayOfWeek, List<Period>> hours = new EnumMap<>(DayOfWeek.class);
        raw.forEach((day, periods) -> hours.put(DayOfWeek.valueOf(day), periods.stream().map(Period::parse).toList()));
        return hours;
    }

    private static String hoursJson(Map<DayOfWeek, List<Period>> hours) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        hours.forEach((day, periods) -> raw.put(day.name(), periods.stream().map(Period::toString).toList()));
        return JSON.writeValueAsString(raw);
    }

    private static ZoneId zone(String zone) {
        try {
            return ZoneId.of(required("zone", zone));
        } catch (DateTimeException e) {
            throw BadInputException.of(FieldProblem.of("zone", "calendar.zone", zone));
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw BadInputException.of(FieldProblem.of(field, "calendar.required"));
        }
        return value.strip();
    }
}
