package io.tandem.security.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.tandem.security.AdminOnly;
import io.tandem.security.TandemPrincipal;
import io.tandem.security.TokenScope;
import io.tandem.security.internal.ApiTokenService;
import io.tandem.security.internal.User;
import io.tandem.security.internal.UserAccounts;
import io.tandem.shared.BadInputException;
import io.tandem.shared.CurrentActor;
import io.tandem.shared.web.PreferredLocale;
import jakarta.servlet.http.HttpServletRequest;

/** Personal API tokens (every user: their own; admins: everybody's) and the language choice. */
@Controller
class TokensController {

    private final ApiTokenService tokens;
    private final UserAccounts users;
    private final CurrentActor actor;

    TokensController(ApiTokenService tokens, UserAccounts users, CurrentActor actor) {
        this.tokens = tokens;
        this.users = users;
        this.actor = actor;
    }

    @GetMapping("/account/tokens")
    String mine(TandemPrincipal me, Model model) {
        model.addAttribute("tokens", tokens.ofUser(me.userId()));
        model.addAttribute("scopes", TokenScope.values());
        model.addAttribute("owners", Map.of());
        model.addAttribute("adminView", false);
        return "security/tokens";
    }

    @GetMapping("/admin/tokens")
    @AdminOnly
    String all(Model model) {
        model.addAttribute("tokens", tokens.all());
        model.addAttribute("scopes", TokenScope.values());
        model.addAttribute("owners", users.all().stream().collect(Collectors.toMap(User::id, Function.identity())));
        model.addAttribute("adminView", true);
        return "security/tokens";
    }

    @PostMapping("/account/tokens")
    String create(@RequestParam String name, @RequestParam(name = "scopes", required = false) List<String> scopes,
            TandemPrincipal me, Model model) {
        Set<TokenScope> chosen = EnumSet.noneOf(TokenScope.class);
        if (scopes != null) {
            scopes.forEach(code -> TokenScope.fromCode(code).ifPresent(chosen::add));
        }
        try {
            ApiTokenService.IssuedToken issued = tokens.issue(me.userId(), name, chosen, actor.get());
            model.addAttribute("issued", issued);
        } catch (BadInputException e) {
            model.addAttribute("errorText", e.getBody().getDetail());
        }
        return mine(me, model);
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revoke(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean admin, TandemPrincipal me,
            RedirectAttributes redirect) {
        tokens.revoke(id, me, actor.get());
        redirect.addFlashAttribute("flashKey", "tokens.revoked");
        return admin && me.isAdmin() ? "redirect:/admin/tokens" : "redirect:/account/tokens";
    }

    @PostMapping("/account/language")
    String language(@RequestParam String lang, TandemPrincipal me, HttpServletRequest request) {
        PreferredLocale.parse(lang).ifPresent(locale -> {
            PreferredLocale.remember(request, lang);
            users.preferLocale(me.userId(), locale.toLanguageTag());
        });
        String referer = request.getHeader("Referer");
        return "redirect:" + (referer != null && referer.startsWith(request.getScheme() + "://" + request.getServerName())
                ? referer : "/");
    }
}
