package io.tandem.notification.web;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.notification.internal.NotificationKinds;
import io.tandem.notification.internal.RobotChannels;
import io.tandem.notification.internal.RobotKind;
import io.tandem.security.AdminOnly;
import io.tandem.security.UserDirectory;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.Ui;

/** The admin's group robots: WeCom, DingTalk, Feishu and Slack chats that hear of notifications. */
@Controller
@AdminOnly
class ChannelsController {

    private final RobotChannels channels;
    private final UserDirectory users;
    private final CurrentActor actor;
    private final Ui ui;

    ChannelsController(RobotChannels channels, UserDirectory users, CurrentActor actor, Ui ui) {
        this.channels = channels;
        this.users = users;
        this.actor = actor;
        this.ui = ui;
    }

    /** The form of one channel; checkboxes left unticked are missing, hence the defaults. */
    record ChannelForm(RobotKind kind, String name, String webhookUrl, String secret, UUID teamId, List<String> kinds,
            String language, Boolean active) {

        RobotChannels.Change change() {
            return new RobotChannels.Change(kind, name, webhookUrl, secret, teamId, kinds == null ? List.of() : kinds,
                    language == null ? "zh-CN" : language, Boolean.TRUE.equals(active));
        }
    }

    @GetMapping("/admin/channels")
    String channels(Model model) {
        model.addAttribute("channels", channels.all());
        model.addAttribute("robotKinds", RobotKind.values());
        model.addAttribute("notificationKinds", NotificationKinds.ALL);
        model.addAttribute("teams", users.teamSummaries());
        model.addAttribute("languages", RobotChannels.LANGUAGES);
        return "notification/channels";
    }

    @PostMapping("/admin/channels")
    String create(@ModelAttribute ChannelForm form, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/channels", "/admin/channels",
                () -> channels.create(form.change(), actor.get()), "channels.created");
    }

    @PostMapping("/admin/channels/{id}")
    String update(@PathVariable UUID id, @ModelAttribute ChannelForm form, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/channels", "/admin/channels",
                () -> channels.update(id, form.change(), actor.get()), "channels.saved");
    }

    @PostMapping("/admin/channels/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        return ui.attempt(redirect, "/admin/channels", "/admin/channels", () -> channels.delete(id, actor.get()),
                "channels.deleted");
    }
}
