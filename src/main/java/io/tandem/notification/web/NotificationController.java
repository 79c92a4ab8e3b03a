package io.tandem.notification.web;

import java.util.UUID;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import io.tandem.notification.internal.Inbox;
import io.tandem.security.TandemPrincipal;
import io.tandem.shared.NotFoundException;

/** The bell and the inbox behind it. */
@Controller
class NotificationController {

    private final Inbox inbox;
    private final MessageSource messages;

    NotificationController(Inbox inbox, MessageSource messages) {
        this.inbox = inbox;
        this.messages = messages;
    }

    /** A notification with its sentence in the reader's language. */
    record Line(Inbox.Notification notification, String text) {
    }

    @GetMapping("/notifications/bell")
    String bell(TandemPrincipal me, Model model) {
        model.addAttribute("unread", inbox.unread(me.userId()));
        return "notification/inbox :: bell";
    }

    @GetMapping("/notifications")
    String inbox(TandemPrincipal me, Model model, Locale locale) {
        model.addAttribute("items", inbox.latest(me.userId(), 100).stream().map(n -> new Line(n, text(n, locale)))
                .toList());
        return "notification/inbox";
    }

    private String text(Inbox.Notification n, Locale locale) {
        String reason = n.param("reason").isEmpty() ? ""
                : messages.getMessage("handoff.reason." + n.param("reason"), null, n.param("reason"), locale);
        return messages.getMessage("notification." + n.kind(), new Object[] { n.param("lead"), n.param("company"),
                n.param("person"), reason, n.param("comment") }, n.kind(), locale);
    }

    @PostMapping("/notifications/{id}/open")
    String open(@PathVariable UUID id, TandemPrincipal me) {
        String link = inbox.open(me.userId(), id).orElseThrow(() -> new NotFoundException("Notification", id));
        return "redirect:" + link;
    }

    @PostMapping("/notifications/read")
    String readAll(TandemPrincipal me) {
        inbox.readAll(me.userId());
        return "redirect:/notifications";
    }
}
