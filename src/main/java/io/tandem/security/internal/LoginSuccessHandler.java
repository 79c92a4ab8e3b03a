package io.tandem.security.internal;

import java.io.IOException;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

import io.tandem.shared.web.PreferredLocale;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** After login the user's own language choice, if any, replaces the browser's. */
@Component
class LoginSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

    private final Users users;

    LoginSuccessHandler(Users users) {
        this.users = users;
        setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws ServletException, IOException {
        if (authentication.getPrincipal() instanceof TandemUserDetails details) {
            users.findById(details.principal().userId()).map(User::locale)
                    .ifPresent(locale -> PreferredLocale.remember(request, locale));
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
