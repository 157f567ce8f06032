package dev.processledger.http;

import org.springframework.http.ProblemDetail;

/** A refusal that already knows its problem body, and for a 429 or 503 how long to wait before retrying. */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetail problem;
    private final Long retryAfterSeconds;

    public ProblemException(ProblemDetail problem) {
        this(problem, null);
    }

    public ProblemException(ProblemDetail problem, Long retryAfterSeconds) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemDetail problem() {
        return problem;
    }

    /** The {@code Retry-After} value, or null when the answer has none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
