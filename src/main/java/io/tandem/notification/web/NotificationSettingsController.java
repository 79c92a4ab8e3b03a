package io.tandem.notification.web;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.notification.internal.EmailDeliveries;
import io.tandem.notification.internal.NotificationKinds;
import io.tandem.notification.internal.NotificationPreferences;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.UserDirectory;
import io.tandem.shared.web.Ui;

/** Every person's say over which notifications reach them where and when. */
@Controller
class NotificationSettingsController {

    private final NotificationPreferences preferences;
    private final EmailDeliveries email;
    private final UserDirectory users;
    private final Ui ui;

    NotificationSettingsController(NotificationPreferences preferences, EmailDeliveries email, UserDirectory users,
            Ui ui) {
        this.preferences = preferences;
        this.email = email;
        this.users = users;
        this.ui = ui;
    }

    /** The settings form; a kind's checkbox is sent only when ticked. */
    record SettingsForm(List<String> email, List<String> sms, String quietFrom, String quietUntil, String timeZone,
            Boolean digest, Integer digestHour) {
    }

    @GetMapping("/account/notifications")
    String settings(TandemPrincipal me, Model model) {
        model.addAttribute("preference", preferences.of(me.userId()));
        model.addAttribute("kinds", NotificationKinds.ALL);
        model.addAttribute("contact", users.contact(me.userId()).orElse(null));
        model.addAttribute("emailEnabled", email.enabled());
        model.addAttribute("hours", java.util.stream.IntStream.range(0, 24).boxed().toList());
        return "notification/settings";
    }

    @PostMapping("/account/notifications")
    String save(TandemPrincipal me, @ModelAttribute SettingsForm form, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/account/notifications", "/account/notifications",
                () -> preferences.save(me.userId(), form.email() == null ? List.of() : form.email(),
                        form.sms() == null ? List.of() : form.sms(), form.quietFrom(), form.quietUntil(),
                        form.timeZone(), Boolean.TRUE.equals(form.digest()) ? digestHour(form) : null),
                "notificationSettings.saved");
    }

    private static Integer digestHour(SettingsForm form) {
        return form.digestHour() == null ? 18 : form.digestHour();
    }
}
