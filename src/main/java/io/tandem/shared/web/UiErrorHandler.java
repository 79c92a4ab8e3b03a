package io.tandem.shared.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

import io.tandem.shared.BadInputException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Errors on pages become a readable page (or, for htmx requests, a message fragment) in the user's language, never a
 * stack trace.
 */
@Order(Ordered.LOWEST_PRECEDENCE - 10)
@ControllerAdvice(annotations = Controller.class)
class UiErrorHandler {

    private final Ui ui;

    UiErrorHandler(Ui ui) {
        this.ui = ui;
    }

    @ExceptionHandler(BadInputException.class)
    ModelAndView badInput(BadInputException e, HttpServletRequest request) {
        String detail = e.problems().isEmpty() ? e.getBody().getDetail()
                : String.join("; ", e.problems().stream().map(ui::problem).toList());
        return view(request, HttpStatus.BAD_REQUEST, detail);
    }

    @ExceptionHandler({ AccessDeniedException.class, AuthorizationDeniedException.class })
    ModelAndView denied(Exception e, HttpServletRequest request) {
        return view(request, HttpStatus.FORBIDDEN, null);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return view(request, HttpStatus.CONTENT_TOO_LARGE, null);
    }

    @ExceptionHandler(ErrorResponseException.class)
    ModelAndView errorResponse(ErrorResponseException e, HttpServletRequest request) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return view(request, status, e.getBody().getDetail());
    }

    static ModelAndView view(HttpServletRequest request, HttpStatus status, String detail) {
        boolean htmx = request.getHeader("HX-Request") != null;
        if (htmx && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getResponse() != null) {
            // htmx leaves error responses unswapped; show the message in the page's message area instead.
            attributes.getResponse().setHeader("HX-Retarget", "#messages");
            attributes.getResponse().setHeader("HX-Reswap", "innerHTML");
        }
        ModelAndView view = new ModelAndView(htmx ? "error :: message" : "error");
        view.setStatus(htmx ? HttpStatus.OK : status);
        view.addObject("status", status.value());
        view.addObject("detail", detail);
        return view;
    }
}
