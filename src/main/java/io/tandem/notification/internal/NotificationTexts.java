package io.tandem.notification.internal;

import java.time.Instant;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.tandem.shared.web.Ui;

/** A notification's sentence in the reader's language, for the inbox and for e-mails alike. */
@Component
public class NotificationTexts {

    private final MessageSource messages;
    private final Ui ui;

    NotificationTexts(MessageSource messages, Ui ui) {
        this.messages = messages;
        this.ui = ui;
    }

    public String text(Inbox.Notification n, Locale locale) {
        String reason = n.param("reason").isEmpty() ? ""
                : messages.getMessage("handoff.reason." + n.param("reason"), null, n.param("reason"), locale);
        String clock = n.param("clock").isEmpty() ? ""
                : messages.getMessage("sla.kind." + n.param("clock"), null, n.param("clock"), locale);
        String due = n.param("due").isEmpty() ? "" : ui.dateTime(Instant.parse(n.param("due")));
        Object[] args = { n.param("lead"), n.param("company"), n.param("person"), reason, n.param("comment"), clock,
                due, n.param("why") };
        // A kind that names a deadline has a wording for when there is none (e.g. no SLA policy is active).
        String withoutDue = due.isEmpty()
                ? messages.getMessage("notification." + n.kind() + ".noDue", args, null, locale) : null;
        return withoutDue != null ? withoutDue
                : messages.getMessage("notification." + n.kind(), args, n.kind(), locale);
    }

    public String message(String code, Locale locale, Object... args) {
        return messages.getMessage(code, args, code, locale);
    }

    public String dateTime(Instant instant) {
        return ui.dateTime(instant);
    }

    public String date(Instant instant) {
        return ui.date(instant);
    }
}
