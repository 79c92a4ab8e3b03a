package io.tandem.notification.web;

import java.util.UUID;

import java.util.Locale;

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
    private final io.tandem.notification.internal.NotificationTexts texts;

    NotificationController(Inbox inbox, io.tandem.notification.internal.NotificationTexts texts) {
        this.inbox = inbox;
        this.texts = texts;
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
        return texts.text(n, locale);
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
