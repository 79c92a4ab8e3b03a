package io.tandem.shared.web;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import jakarta.servlet.http.HttpServletRequest;

/** A path nothing answers: a problem for API clients, the readable not-found page for people. */
@Order(Ordered.LOWEST_PRECEDENCE)
@ControllerAdvice
class UnknownPathAdvice {

    @ExceptionHandler(NoResourceFoundException.class)
    Object unknownPath(NoResourceFoundException e, HttpServletRequest request) {
        if (request.getRequestURI().startsWith("/api/")) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "There is no API at " + request.getRequestURI() + "; see /v3/api-docs");
            problem.setType(URI.create("https://tandem.dev/problems/not-found"));
            problem.setTitle("Not found");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return UiErrorHandler.view(request, HttpStatus.NOT_FOUND, null);
    }
}
