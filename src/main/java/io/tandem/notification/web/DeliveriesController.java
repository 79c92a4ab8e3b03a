package io.tandem.notification.web;

import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.notification.internal.EmailDeliveries;
import io.tandem.security.AdminOnly;

/** Messages that could not be sent (yet), for the admin: to whom, why, and a way to try once more. */
@Controller
@AdminOnly
class DeliveriesController {

    private final EmailDeliveries email;

    DeliveriesController(EmailDeliveries email) {
        this.email = email;
    }

    @GetMapping("/admin/deliveries")
    String troubled(Model model) {
        model.addAttribute("deliveries", email.troubled(200));
        model.addAttribute("emailEnabled", email.enabled());
        return "notification/deliveries";
    }

    @PostMapping("/admin/deliveries/{id}/retry")
    String retry(@PathVariable UUID id, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flashKey", email.retry(id) ? "deliveries.retried" : "deliveries.notFailed");
        return "redirect:/admin/deliveries";
    }
}
