package io.tandem.shared;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A batch request with more items than the endpoint takes: 413 with the limit in the words of the API. */
public class BatchTooLargeException extends ErrorResponseException {

    public BatchTooLargeException(String items, int limit, int size) {
        super(HttpStatus.CONTENT_TOO_LARGE, body(items, limit, size), null);
    }

    private static ProblemDetail body(String items, int limit, int size) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "A batch holds at most "
                + limit + " " + items + "; this one has " + size + ". Split it into several requests.");
        problem.setType(URI.create("https://tandem.dev/problems/batch-too-large"));
        problem.setTitle("Batch too large");
        return problem;
    }
}
