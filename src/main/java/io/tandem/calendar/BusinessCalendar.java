package io.tandem.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * When people work: periods per weekday in a time zone, public holidays that are off, and make-up workdays (调休) that
 * are on although they fall on a weekend. Working time is counted in these periods only.
 */
public final class BusinessCalendar {

    /** A calendar whose days are all off would make a deadline unreachable; ten years is the search's end. */
    private static final int DAYS_SEARCHED = 3660;

    public enum DayKind { HOLIDAY, WORKDAY }

    public record Period(LocalTime from, LocalTime to) {

        public Period {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("A working period ends after it starts: " + from + "-" + to);
            }
        }

        public static Period parse(String text) {
            String[] parts = text.strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("A working period looks like 09:00-12:00: " + text);
            }
            return new Period(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
        }

        @Override
        public String toString() {
            return from + "-" + to;
        }
    }

    public record SpecialDay(LocalDate day, DayKind kind, String name) {
    }

    private final UUID id;
    private final String name;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<Period>> hours;
    private final Map<LocalDate, SpecialDay> specialDays;

    public BusinessCalendar(UUID id, String name, ZoneId zone, Map<DayOfWeek, List<Period>> hours,
            List<SpecialDay> specialDays) {
        this.id = id;
        this.name = name;
        this.zone = zone;
        this.hours = new EnumMap<>(DayOfWeek.class);
        hours.forEach((day, periods) -> {
            List<Period> sorted = new ArrayList<>(periods);
            sorted.sort(Comparator.comparing(Period::from));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).from().isBefore(sorted.get(i - 1).to())) {
                    throw new IllegalArgumentException("Working periods of " + day + " overlap: " + sorted);
                }
            }
            if (!sorted.isEmpty()) {
                this.hours.put(day, List.copyOf(sorted));
            }
        });
        this.specialDays = new TreeMap<>();
        specialDays.forEach(day -> this.specialDays.put(day.day(), day));
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    public Map<DayOfWeek, List<Period>> hours() {
        return hours;
    }

    public List<SpecialDay> specialDays() {
        return List.copyOf(specialDays.values());
    }

    public Optional<SpecialDay> specialDay(LocalDate day) {
        return Optional.ofNullable(specialDays.get(day));
    }

    public boolean isWorkingDay(LocalDate day) {
        return !periodsOn(day).isEmpty();
    }

    /** A holiday has no hours; a make-up workday on a weekend has those of the first working weekday. */
    public List<Period> periodsOn(LocalDate day) {
        SpecialDay special = specialDays.get(day);
        if (special != null && special.kind() == DayKind.HOLIDAY) {
            return List.of();
        }
        List<Period> regular = hours.getOrDefault(day.getDayOfWeek(), List.of());
        if (special != null && regular.isEmpty()) {
            return hours.values().stream().findFirst().orElse(List.of());
        }
        return regular;
    }

    /**
     * The moment when {@code workingTime} of working time has passed after {@code start}. A deadline that ends a
     * period lands on its end (18:00), not on the next day's start.
     */
    public Instant plusWorkingTime(Instant start, Duration workingTime) {
        if (workingTime.isNegative()) {
            throw new IllegalArgumentException("Working time cannot be negative: " + workingTime);
        }
        Duration left = workingTime;
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < DAYS_SEARCHED; i++, day = day.plusDays(1)) {
            for (Period period : periodsOn(day)) {
                Instant from = max(start, day.atTime(period.from()).atZone(zone).toInstant());
                Instant to = day.atTime(period.to()).atZone(zone).toInstant();
                if (!from.isBefore(to)) {
                    continue;
                }
                Duration available = Duration.between(from, to);
                if (left.compareTo(available) <= 0) {
                    return from.plus(left);
                }
                left = left.minus(available);
            }
        }
        throw new IllegalStateException("Calendar " + name + " has no working time in ten years");
    }

    /** The working time between two moments (zero when {@code to} is not after {@code from}). */
    public Duration workingTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        if (!to.isAfter(from)) {
            return total;
        }
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            for (Period period : periodsOn(day)) {
                Instant start = max(from, day.atTime(period.from()).atZone(zone).toInstant());
                Instant end = min(to, day.atTime(period.to()).atZone(zone).toInstant());
                if (start.isBefore(end)) {
                    total = total.plus(Duration.between(start, end));
                }
            }
        }
        return total;
    }

    public boolean isWorkingTime(Instant moment) {
        LocalDate day = moment.atZone(zone).toLocalDate();
        LocalTime time = moment.atZone(zone).toLocalTime();
        return periodsOn(day).stream().anyMatch(p -> !time.isBefore(p.from()) && time.isBefore(p.to()));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
