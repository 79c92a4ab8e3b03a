package io.tandem.shared;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Input that Tandem refuses, with every field that is wrong. Rendered as RFC 9457 problem+json on the API and as a
 * message in the UI.
 */
public class BadInputException extends ErrorResponseException {

    public static final URI TYPE = URI.create("https://tandem.dev/problems/invalid-input");

    private final transient List<FieldProblem> problems;

    public BadInputException(String detail) {
        this(detail, List.of());
    }

    public BadInputException(String detail, List<FieldProblem> problems) {
        this(HttpStatus.BAD_REQUEST, TYPE, "Invalid input", detail, problems);
    }

    protected BadInputException(HttpStatus status, URI type, String title, String detail, List<FieldProblem> problems) {
        super(status, problemDetail(status, type, title, detail, problems), null);
        this.problems = List.copyOf(problems);
    }

    public static BadInputException of(String field, String message) {
        return new BadInputException(field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public static BadInputException of(FieldProblem problem) {
        return new BadInputException(problem.field() + ": " + problem.message(), List.of(problem));
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }

    private static ProblemDetail problemDetail(HttpStatus status, URI type, String title, String detail,
            List<FieldProblem> problems) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(type);
        body.setTitle(title);
        if (!problems.isEmpty()) {
            body.setProperty("errors", problems);
        }
        return body;
    }

    /**
     * One wrong field; {@code field} uses the request's own names, e.g. {@code leads[3].email}. {@code message} is
     * English (the API's language); {@code code} and {@code args}, when present, let a page say it in the reader's
     * language ({@code problems*.properties}).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public record FieldProblem(String field, String message, String code, List<String> args) {

        public FieldProblem(String field, String message) {
            this(field, message, null, List.of());
        }

        public FieldProblem {
            args = args == null ? List.of() : List.copyOf(args);
        }

        /** A problem from the catalogue; the English message is rendered from {@code problems.properties}. */
        public static FieldProblem of(String field, String code, Object... args) {
            List<String> texts = java.util.Arrays.stream(args).map(String::valueOf).toList();
            return new FieldProblem(field, Problems.english(code, texts), code, texts);
        }
    }
}
