package io.tandem.notification.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import io.tandem.shared.web.Ui;

/**
 * What each person wants where: in Tandem always; by e-mail every kind unless switched off; by SMS no kind unless
 * switched on; nothing outside Tandem during their quiet hours; e-mails one per notification or one digest a day.
 */
@Component
public class NotificationPreferences {

    private final JdbcClient jdbc;
    private final ZoneId defaultZone;
    private final java.time.Clock clock;

    NotificationPreferences(JdbcClient jdbc, Ui ui, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.defaultZone = ui.zone();
        this.clock = clock;
    }

    /** A person's settings; {@code quietFrom}/{@code quietUntil} and {@code digestHour} are {@code null} when off. */
    public record Preference(Set<String> emailOff, Set<String> smsOn, LocalTime quietFrom, LocalTime quietUntil,
            ZoneId zone, Integer digestHour) {

        public boolean email(String kind) {
            return !emailOff.contains(kind);
        }

        public boolean sms(String kind) {
            return smsOn.contains(kind);
        }

        public boolean quiet() {
            return quietFrom != null;
        }

        public boolean digest() {
            return digestHour != null;
        }

        /** The moment a message written at {@code at} may leave: then, or when the quiet hours around it end. */
        public Instant outsideQuietHours(Instant at) {
            if (!quiet()) {
                return at;
            }
            ZonedDateTime local = at.atZone(zone);
            LocalTime time = local.toLocalTime();
            boolean overMidnight = quietFrom.isAfter(quietUntil);
            boolean inside = overMidnight ? !time.isBefore(quietFrom) || time.isBefore(quietUntil)
                    : !time.isBefore(quietFrom) && time.isBefore(quietUntil);
            if (!inside) {
                return at;
            }
            LocalDate end = overMidnight && !time.isBefore(quietFrom) ? local.toLocalDate().plusDays(1)
                    : local.toLocalDate();
            return ZonedDateTime.of(end, quietUntil, zone).toInstant();
        }

        /** When the digest that collects a notification written at {@code at} leaves: the next digest hour. */
        public Instant nextDigest(Instant at) {
            ZonedDateTime local = at.atZone(zone);
            ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), LocalTime.of(digestHour, 0), zone);
            ZonedDateTime next = today.isAfter(local) ? today
                    : ZonedDateTime.of(local.toLocalDate().plusDays(1), LocalTime.of(digestHour, 0), zone);
            return outsideQuietHours(next.toInstant());
        }
    }

    public Preference defaults() {
        return new Preference(Set.of(), Set.of(), null, null, defaultZone, null);
    }

    public Preference of(UUID userId) {
        return jdbc.sql("""
                select email_off, sms_on, quiet_from, quiet_until, time_zone, digest_hour
                from notification_preference where user_id = :user
                """).param("user", userId).query((rs, n) -> new Preference(
                        Set.of((String[]) rs.getArray(1).getArray()), Set.of((String[]) rs.getArray(2).getArray()),
                        rs.getObject(3, LocalTime.class), rs.getObject(4, LocalTime.class),
                        ZoneId.of(rs.getString(5)), (Integer) rs.getObject(6)))
                .optional().orElseGet(this::defaults);
    }

    /**
     * Saves what the person chose on the settings page: the kinds they want by e-mail and by SMS, quiet hours as
     * {@code HH:mm} (both empty: none), their time zone and the hour of the daily digest ({@code null}: no digest).
     */
    @Transactional
    public void save(UUID userId, Collection<String> emailOn, Collection<String> smsOn, String quietFrom,
            String quietUntil, String timeZone, Integer digestHour) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalTime from = time("quietFrom", quietFrom, problems);
        LocalTime until = time("quietUntil", quietUntil, problems);
        if ((from == null) != (until == null) || (from != null && from.equals(until))) {
            problems.add(FieldProblem.of("quietFrom", "preference.quiet"));
        }
        ZoneId zone = defaultZone;
        if (timeZone != null && !timeZone.isBlank()) {
            try {
                zone = ZoneId.of(timeZone.strip());
            } catch (DateTimeException e) {
                problems.add(FieldProblem.of("timeZone", "preference.zone", timeZone.strip()));
            }
        }
        if (digestHour != null && (digestHour < 0 || digestHour > 23)) {
            problems.add(FieldProblem.of("digestHour", "preference.digestHour"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.get(0).field() + ": " + problems.get(0).message(), problems);
        }
        Set<String> emailOff = new LinkedHashSet<>(NotificationKinds.ALL);
        emailOff.removeAll(emailOn == null ? Set.of() : Set.copyOf(emailOn));
        Set<String> sms = new LinkedHashSet<>(smsOn == null ? List.of() : smsOn);
        sms.retainAll(NotificationKinds.ALL);
        jdbc.sql("""
                insert into notification_preference (user_id, email_off, sms_on, quiet_from, quiet_until, time_zone,
                                                     digest_hour, updated_at)
                values (:user, :emailOff, :smsOn, :from, :until, :zone, :digest, :now)
                on conflict (user_id) do update set email_off = excluded.email_off, sms_on = excluded.sms_on,
                    quiet_from = excluded.quiet_from, quiet_until = excluded.quiet_until,
                    time_zone = excluded.time_zone, digest_hour = excluded.digest_hour,
                    updated_at = excluded.updated_at
                """).param("user", userId).param("emailOff", emailOff.toArray(String[]::new))
                .param("smsOn", sms.toArray(String[]::new)).param("from", from).param("until", until)
                .param("zone", zone.getId()).param("digest", digestHour)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC)).update();
    }

    private static LocalTime time(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(FieldProblem.of(field, "preference.time", value.strip()));
            return null;
        }
    }
}
