/**
 * Business calendars (工作日历): a team's working hours in its time zone, public holidays and make-up workdays (调休).
 * SLA clocks count working time through them. The default calendar is mainland China's, with the State Council's
 * holiday schedule; admins edit days and hours and give teams their own calendars.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Calendar (business hours)")
package io.tandem.calendar;
