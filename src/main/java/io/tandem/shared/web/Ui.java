package io.tandem.shared.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Formatting helpers for templates, reachable as {@code ${@ui.dateTime(x)}}. Times show in Tandem's time zone. */
@Component("ui")
public class Ui {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final ZoneId zone;
    private final Clock clock;
    private final MessageSource messages;

    Ui(@Value("${tandem.time-zone:Asia/Shanghai}") ZoneId zone, Clock clock, MessageSource messages) {
        this.zone = zone;
        this.clock = clock;
        this.messages = messages;
    }

    public ZoneId zone() {
        return zone;
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    public String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant.atZone(zone));
    }

    /** "3 hours ago" in the reader's language. */
    public String ago(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(instant, clock.instant());
        Locale locale = LocaleContextHolder.getLocale();
        if (age.isNegative() || age.toMinutes() < 1) {
            return messages.getMessage("time.justNow", null, "just now", locale);
        }
        if (age.toHours() < 1) {
            return messages.getMessage("time.minutesAgo", new Object[] { age.toMinutes() }, locale);
        }
        if (age.toDays() < 1) {
            return messages.getMessage("time.hoursAgo", new Object[] { age.toHours() }, locale);
        }
        if (age.toDays() < 60) {
            return messages.getMessage("time.daysAgo", new Object[] { age.toDays() }, locale);
        }
        return date(instant);
    }

    /** A problem in the reader's language when the catalogue knows it, else its English message. */
    public String problem(io.tandem.shared.BadInputException.FieldProblem problem) {
        return problem(problem.code(), problem.args(), problem.message());
    }

    public String problem(String code, java.util.List<String> args, String fallback) {
        if (code == null) {
            return fallback;
        }
        return messages.getMessage("problem." + code, args == null ? null : args.toArray(), fallback,
                LocaleContextHolder.getLocale());
    }

    /** A span of (working) time as "2 h 05 min" / "2小时05分"; minutes are the finest unit a deadline needs. */
    public String duration(Duration span) {
        if (span == null) {
            return "";
        }
        long minutes = Math.max(0, span.toMinutes());
        boolean chinese = "zh".equals(LocaleContextHolder.getLocale().getLanguage());
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours == 0) {
            return chinese ? rest + "分钟" : rest + " min";
        }
        return chinese ? String.format("%d小时%02d分", hours, rest) : String.format("%d h %02d min", hours, rest);
    }

    /** Seconds as a duration, for numbers that come from SQL (e.g. a percentile). */
    public String seconds(Double seconds) {
        return seconds == null ? "–" : duration(Duration.ofSeconds(Math.round(seconds)));
    }

    public String number(long value) {
        return String.format(LocaleContextHolder.getLocale(), "%,d", value);
    }

    /**
     * Runs a change from a form and redirects: to {@code success} with {@code flashKey}, or, when the input is refused,
     * back to {@code failure} with the refusal as a readable message. The change is all-or-nothing, so nothing is
     * half-done either way.
     */
    public String attempt(org.springframework.web.servlet.mvc.support.RedirectAttributes redirect, String success,
            String failure, Runnable change, String flashKey) {
        try {
            change.run();
        } catch (io.tandem.shared.BadInputException e) {
            redirect.addFlashAttribute("flashError", e.problems().isEmpty() ? e.getBody().getDetail()
                    : String.join("; ", e.problems().stream().map(this::problem).toList()));
            return "redirect:" + failure;
        }
        redirect.addFlashAttribute("flashKey", flashKey);
        return "redirect:" + success;
    }
}
