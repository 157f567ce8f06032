package dev.processledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.http.Problems;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, with a refusal (a request from an origin that is not allowed) answered as a problem body
 * like every other error, instead of Spring's plain-text "Invalid CORS request".
 */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

    private final ObjectMapper json;

    ProblemCorsProcessor(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getBody()
                .write(json.writeValueAsBytes(Problems.of(
                        HttpStatus.FORBIDDEN,
                        "cors-rejected",
                        "Forbidden",
                        "the request's Origin is not allowed to call this API")));
        response.flush();
    }
}
