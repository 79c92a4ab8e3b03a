package io.tandem.notification.web;

import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.notification.internal.DeliveryOverview;
import io.tandem.notification.internal.EmailDeliveries;
import io.tandem.notification.internal.RobotChannels;
import io.tandem.security.AdminOnly;

/**
 * Messages of every channel that could not be sent (yet), for the admin: to whom, why, and a way to try once more;
 * and how each group robot is doing.
 */
@Controller
@AdminOnly
class DeliveriesController {

    private final DeliveryOverview overview;
    private final EmailDeliveries email;
    private final RobotChannels robots;

    DeliveriesController(DeliveryOverview overview, EmailDeliveries email, RobotChannels robots) {
        this.overview = overview;
        this.email = email;
        this.robots = robots;
    }

    @GetMapping("/admin/deliveries")
    String troubled(Model model) {
        model.addAttribute("deliveries", overview.troubled(200));
        model.addAttribute("emailEnabled", email.enabled());
        model.addAttribute("robots", robots.all());
        model.addAttribute("pending", overview.pendingByRobot());
        return "notification/deliveries";
    }

    @PostMapping("/admin/deliveries/{id}/retry")
    String retry(@PathVariable UUID id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flashKey", overview.retry(id) ? "deliveries.retried" : "deliveries.notFailed");
        return "redirect:/admin/deliveries";
    }
}
