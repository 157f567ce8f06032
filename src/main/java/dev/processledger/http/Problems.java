package dev.processledger.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem bodies with the HPI members: {@code error} repeats the detail, {@code details} lists field
 * issues. The type URI's last segment names the problem for programs.
 */
public final class Problems {

    private static final String TYPE_BASE = "https://process-ledger.dev/problems/";

    private Problems() {}

    /**
     * A problem of the given type. Conflicts (409) and 422s also carry {@code code}, the type's name in snake_case
     * (e.g. {@code idempotency_key_in_flight}), for clients that switch on a string; a caller may set a more
     * specific one.
     */
    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        problem.setProperty("error", detail);
        if (status == HttpStatus.CONFLICT || status == HttpStatus.UNPROCESSABLE_ENTITY) {
            problem.setProperty("code", slug.replace('-', '_'));
        }
        return problem;
    }

    public static ProblemDetail invalid(List<FieldIssue> issues) {
        String detail =
                issues.isEmpty() ? "Invalid request body" : issues.get(0).message();
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("details", issues);
        return problem;
    }

    /**
     * The problem for an error known only by its status, as the servlet container or the framework reports it. The
     * detail is fixed per status: the container's own messages can repeat what the client sent.
     */
    public static ProblemDetail forStatus(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null || !known.isError()) {
            known = HttpStatus.BAD_REQUEST;
        }
        String title = known.getReasonPhrase();
        String detail = switch (known) {
            case BAD_REQUEST -> "The request is malformed";
            case NOT_FOUND -> "No such resource";
            case METHOD_NOT_ALLOWED -> "The method is not allowed on this resource";
            case REQUEST_TIMEOUT -> "The request did not arrive in time";
            case NOT_IMPLEMENTED -> "The method or transfer encoding is not supported";
            case HTTP_VERSION_NOT_SUPPORTED -> "Only HTTP/1.1 and HTTP/1.0 are supported";
            default -> title;
        };
        return of(known, title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), title, detail);
    }

    /** For filters, which answer before Spring MVC's message converters are involved. */
    public static void write(HttpServletResponse response, ProblemDetail problem, ObjectMapper json)
            throws IOException {
        ProblemMetrics.count(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
