package io.tandem.security.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.security.AdminOnly;
import io.tandem.security.NewUser;
import io.tandem.security.Role;
import io.tandem.security.internal.UserAccounts;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;

@Controller
@AdminOnly
class AdminUsersController {

    private final UserAccounts accounts;
    private final CurrentActor actor;

    AdminUsersController(UserAccounts accounts, CurrentActor actor) {
        this.accounts = accounts;
        this.actor = actor;
    }

    @GetMapping("/admin/users")
    String users(Model model) {
        model.addAttribute("users", accounts.all());
        model.addAttribute("teams", accounts.teams());
        model.addAttribute("roles", Role.values());
        return "security/users";
    }

    @PostMapping("/admin/users")
    String create(@RequestParam String username, @RequestParam String displayName,
            @RequestParam(required = false) String email, @RequestParam(required = false) String mobile,
            @RequestParam String password, @RequestParam(name = "roles", required = false) List<Role> roles,
            @RequestParam(required = false) UUID teamId, Model model, RedirectAttributes redirect) {
        try {
            accounts.create(new NewUser(username, displayName, email, password, roleSet(roles), teamId), mobile,
                    actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return users(model);
        }
        redirect.addFlashAttribute("flashKey", "users.created");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}")
    String update(@PathVariable UUID id, @RequestParam String displayName,
            @RequestParam(required = false) String email, @RequestParam(required = false) String mobile,
            @RequestParam(name = "roles", required = false) List<Role> roles,
            @RequestParam(required = false) UUID teamId, @RequestParam(defaultValue = "false") boolean active,
            @RequestParam(required = false) String newPassword, Model model, RedirectAttributes redirect) {
        try {
            accounts.update(id, displayName, email, mobile, roleSet(roles), teamId, active, actor.get());
            if (newPassword != null && !newPassword.isBlank()) {
                accounts.resetPassword(id, newPassword, actor.get());
            }
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return users(model);
        }
        redirect.addFlashAttribute("flashKey", "users.saved");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/teams")
    String createTeam(@RequestParam String name, @RequestParam(required = false) UUID managerId, Model model,
            RedirectAttributes redirect) {
        try {
            accounts.createTeam(name, managerId, actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return users(model);
        }
        redirect.addFlashAttribute("flashKey", "teams.saved");
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/teams/{id}")
    String updateTeam(@PathVariable UUID id, @RequestParam String name, @RequestParam(required = false) UUID managerId,
            Model model, RedirectAttributes redirect) {
        try {
            accounts.updateTeam(id, name, managerId, actor.get());
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
            return users(model);
        }
        redirect.addFlashAttribute("flashKey", "teams.saved");
        return "redirect:/admin/users";
    }

    private static Set<Role> roleSet(List<Role> roles) {
        return roles == null || roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }
}
