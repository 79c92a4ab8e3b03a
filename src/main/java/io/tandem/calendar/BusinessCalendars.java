package io.tandem.calendar;

import java.util.UUID;

/** The calendar a team works by, for clocks that count working time. */
public interface BusinessCalendars {

    BusinessCalendar defaultCalendar();

    /** The team's own calendar, else the default one ({@code teamId} may be {@code null}). */
    BusinessCalendar forTeam(UUID teamId);

    /** A calendar by id; a deleted one falls back to the default. */
    BusinessCalendar byId(UUID calendarId);
}
