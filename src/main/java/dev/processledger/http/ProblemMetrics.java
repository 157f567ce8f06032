package dev.processledger.http;

import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * {@code ledger_problems_total}: every problem answer, by {@code status} and {@code problem} (the last segment of
 * its type, e.g. {@code history-full}), whether Spring MVC or a filter wrote it. Counted on Micrometer's global
 * registry, which Spring Boot binds to the application's, because filters write problems without the context.
 */
@RestControllerAdvice
public class ProblemMetrics implements ResponseBodyAdvice<Object> {

    static void count(ProblemDetail problem) {
        URI type = problem.getType();
        String path = type == null ? "" : type.getPath();
        String slug = path == null || path.isEmpty() ? "about-blank" : path.substring(path.lastIndexOf('/') + 1);
        Metrics.counter("ledger.problems", "status", Integer.toString(problem.getStatus()), "problem", slug)
                .increment();
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            count(problem);
        }
        return body;
    }
}
