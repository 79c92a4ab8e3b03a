package io.tandem.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.tandem.calendar.BusinessCalendar.DayKind;
import io.tandem.calendar.BusinessCalendar.Period;
import io.tandem.calendar.BusinessCalendar.SpecialDay;

/** Working time in a Chinese office: 09:00–12:00 and 13:00–18:00 on weekdays, with the 2026 holiday schedule. */
class BusinessCalendarTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final BusinessCalendar CHINA = china();

    static BusinessCalendar china() {
        Map<DayOfWeek, List<Period>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(Period.parse("09:00-12:00"), Period.parse("13:00-18:00")));
        }
        List<SpecialDay> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 10, 1); !d.isAfter(LocalDate.of(2026, 10, 7)); d = d.plusDays(1)) {
            days.add(new SpecialDay(d, DayKind.HOLIDAY, "国庆节"));
        }
        for (LocalDate d = LocalDate.of(2026, 2, 15); !d.isAfter(LocalDate.of(2026, 2, 23)); d = d.plusDays(1)) {
            days.add(new SpecialDay(d, DayKind.HOLIDAY, "春节"));
        }
        days.add(new SpecialDay(LocalDate.of(2026, 9, 20), DayKind.WORKDAY, "国庆节调休"));
        days.add(new SpecialDay(LocalDate.of(2026, 10, 10), DayKind.WORKDAY, "国庆节调休"));
        days.add(new SpecialDay(LocalDate.of(2026, 2, 14), DayKind.WORKDAY, "春节调休"));
        days.add(new SpecialDay(LocalDate.of(2026, 2, 28), DayKind.WORKDAY, "春节调休"));
        return new BusinessCalendar(UUID.randomUUID(), "China", SHANGHAI, hours, days);
    }

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    void twoWorkingHoursFromTenInTheMorningEndAtNoon() {
        assertThat(CHINA.plusWorkingTime(at("2026-11-23T10:00"), Duration.ofHours(2))).isEqualTo(at("2026-11-23T12:00"));
    }

    @Test
    void theLunchBreakDoesNotCount() {
        assertThat(CHINA.plusWorkingTime(at("2026-11-23T11:00"), Duration.ofHours(2))).isEqualTo(at("2026-11-23T14:00"));
    }

    @Test
    void aDeadlineThatUsesUpTheDayEndsAtSixNotAtNineTheNextMorning() {
        assertThat(CHINA.plusWorkingTime(at("2026-11-23T16:00"), Duration.ofHours(2))).isEqualTo(at("2026-11-23T18:00"));
    }

    @Test
    void twoWorkingHoursFromFridayAtFiveEndOnMondayAtTen() {
        assertThat(CHINA.plusWorkingTime(at("2026-11-27T17:00"), Duration.ofHours(2))).isEqualTo(at("2026-11-30T10:00"));
    }

    @Test
    void aLeadThatArrivesAtNightStartsCountingAtNineTheNextWorkingMorning() {
        assertThat(CHINA.plusWorkingTime(at("2026-11-24T22:30"), Duration.ofMinutes(30)))
                .isEqualTo(at("2026-11-25T09:30"));
    }

    @Test
    void theNationalDayWeekIsSkippedAndTheMakeUpSaturdayIsWorked() {
        // Wednesday 30 September, 17:00: one hour that day; 1-7 October off; Thursday 8 and Friday 9 are 16 hours;
        // Saturday 10 October is a make-up workday.
        Instant start = at("2026-09-30T17:00");
        assertThat(CHINA.plusWorkingTime(start, Duration.ofHours(2))).isEqualTo(at("2026-10-08T10:00"));
        assertThat(CHINA.plusWorkingTime(start, Duration.ofHours(18))).isEqualTo(at("2026-10-10T10:00"));
        assertThat(CHINA.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
        assertThat(CHINA.isWorkingDay(LocalDate.of(2026, 10, 5))).isFalse();
    }

    @Test
    void aMakeUpSundayBeforeTheHolidayCountsLikeAWeekday() {
        assertThat(CHINA.plusWorkingTime(at("2026-09-19T15:00"), Duration.ofHours(1))).isEqualTo(at("2026-09-20T10:00"));
    }

    @Test
    void twentyFourWorkingHoursBeforeSpringFestivalEndAfterIt() {
        // Friday 13 February 09:00: 8 hours; Saturday 14 is a make-up workday (8 h); 15-23 off; Tuesday 24 the rest.
        assertThat(CHINA.plusWorkingTime(at("2026-02-13T09:00"), Duration.ofHours(24))).isEqualTo(at("2026-02-24T18:00"));
    }

    @Test
    void workingTimeBetweenTwoMomentsCountsOnlyWorkingPeriods() {
        assertThat(CHINA.workingTimeBetween(at("2026-11-27T17:00"), at("2026-11-30T10:00"))).isEqualTo(Duration.ofHours(2));
        assertThat(CHINA.workingTimeBetween(at("2026-09-30T09:00"), at("2026-10-09T09:00"))).isEqualTo(Duration.ofHours(16));
        assertThat(CHINA.workingTimeBetween(at("2026-11-30T10:00"), at("2026-11-27T17:00"))).isZero();
    }

    @Test
    void addingAndMeasuringAgreeOverAWholeYear() {
        Instant start = at("2026-01-05T09:30");
        for (int hours = 1; hours < 2000; hours += 37) {
            Instant end = CHINA.plusWorkingTime(start, Duration.ofHours(hours));
            assertThat(CHINA.workingTimeBetween(start, end)).as("%d working hours", hours)
                    .isEqualTo(Duration.ofHours(hours));
        }
    }

    @Test
    void aCalendarCountsInItsOwnTimeZone() {
        Map<DayOfWeek, List<Period>> hours = new EnumMap<>(DayOfWeek.class);
        hours.put(DayOfWeek.MONDAY, List.of(Period.parse("09:00-17:00")));
        BusinessCalendar berlin = new BusinessCalendar(UUID.randomUUID(), "Berlin", ZoneId.of("Europe/Berlin"), hours,
                List.of());
        // Monday 23 November 2026, 09:00 in Berlin is 16:00 in Shanghai.
        assertThat(berlin.plusWorkingTime(at("2026-11-23T15:00"), Duration.ofHours(1))).isEqualTo(at("2026-11-23T17:00"));
    }

    @Test
    void overlappingPeriodsAreRefused() {
        Map<DayOfWeek, List<Period>> hours = new EnumMap<>(DayOfWeek.class);
        hours.put(DayOfWeek.MONDAY, List.of(Period.parse("09:00-12:00"), Period.parse("11:00-18:00")));
        assertThatThrownBy(() -> new BusinessCalendar(UUID.randomUUID(), "x", SHANGHAI, hours, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
    }

    @Test
    void aCalendarWithoutWorkingDaysNeverReachesADeadline() {
        BusinessCalendar never = new BusinessCalendar(UUID.randomUUID(), "never", SHANGHAI, Map.of(), List.of());
        assertThatThrownBy(() -> never.plusWorkingTime(at("2026-11-23T10:00"), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
