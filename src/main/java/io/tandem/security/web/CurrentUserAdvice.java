package io.tandem.security.web;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.tandem.security.TandemPrincipal;
import io.tandem.security.internal.Principals;

/** Every page knows who is looking at it ({@code me}), for the menu and the buttons it shows. */
@ControllerAdvice(annotations = Controller.class)
class CurrentUserAdvice {

    @ModelAttribute("me")
    TandemPrincipal me() {
        return Principals.of(SecurityContextHolder.getContext().getAuthentication());
    }
}
