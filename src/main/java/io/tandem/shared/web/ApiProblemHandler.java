package io.tandem.shared.web;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.tandem.shared.BadInputException;
import io.tandem.shared.BadInputException.FieldProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every API error is an RFC 9457 problem+json that names what is wrong, down to the JSON path of the field.
 */
@Order(0)
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldProblem problem = describe(ex);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                problem.field().isEmpty() ? problem.message() : problem.field() + ": " + problem.message());
        body.setType(BadInputException.TYPE);
        body.setTitle("Invalid input");
        if (!problem.field().isEmpty()) {
            body.setProperty("errors", List.of(problem));
        }
        return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), messageOf(error)))
                .toList();
        BadInputException translated = new BadInputException(problems.stream()
                .map(p -> p.field() + ": " + p.message()).reduce((a, b) -> a + "; " + b)
                .orElse("The request is not valid"), problems);
        return handleExceptionInternal(ex, translated.getBody(), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The upload is larger than the configured limit of " + ex.getMaxUploadSize() + " bytes");
        body.setType(URI.create("https://tandem.dev/problems/too-large"));
        body.setTitle("Content too large");
        return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    @ExceptionHandler({ org.springframework.security.access.AccessDeniedException.class,
            org.springframework.security.authorization.AuthorizationDeniedException.class })
    ProblemDetail denied(Exception ex) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "This token or user may not do this; check the token's scopes and the user's roles");
        body.setType(URI.create("https://tandem.dev/problems/forbidden"));
        body.setTitle("Forbidden");
        return body;
    }

    @ExceptionHandler(org.springframework.dao.OptimisticLockingFailureException.class)
    ProblemDetail concurrentChange(Exception ex) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Somebody else changed this record at the same time; reload it and try again");
        body.setType(URI.create("https://tandem.dev/problems/conflict"));
        body.setTitle("Conflict");
        return body;
    }

    private static String messageOf(FieldError error) {
        return Objects.requireNonNullElse(error.getDefaultMessage(), "is not valid");
    }

    static FieldProblem describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new FieldProblem(path(unknown), "is not a known field");
        }
        if (cause instanceof InvalidFormatException invalid) {
            return new FieldProblem(path(invalid), "the value " + quoted(invalid.getValue()) + " is not a valid "
                    + typeName(invalid.getTargetType()));
        }
        if (cause instanceof MismatchedInputException mismatched) {
            String path = path(mismatched);
            if (path.isEmpty()) {
                return new FieldProblem("", "The request body must be a JSON "
                        + typeName(mismatched.getTargetType()));
            }
            return new FieldProblem(path, "expected a " + typeName(mismatched.getTargetType()));
        }
        if (cause instanceof StreamReadException syntax) {
            String where = syntax.getLocation() == null ? ""
                    : " at line " + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr();
            return new FieldProblem("", "The request body is not valid JSON" + where + ": "
                    + syntax.getOriginalMessage());
        }
        if (cause instanceof JacksonException jackson) {
            return new FieldProblem(path(jackson), jackson.getOriginalMessage());
        }
        return new FieldProblem("", "The request body is missing or cannot be read");
    }

    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String quoted(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "ISO-8601 timestamp such as 2026-01-31T09:30:00Z";
        }
        if (java.util.UUID.class == type) {
            return "UUID";
        }
        if (type.isEnum()) {
            return "value (one of " + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(Object::toString).toList()) + ")";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type == String.class) {
            return "string";
        }
        return "object";
    }
}
