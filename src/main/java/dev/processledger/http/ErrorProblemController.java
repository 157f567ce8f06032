package dev.processledger.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatches (a status set with {@code sendError}, an exception that left a filter)
 * with a problem body, in place of Spring Boot's JSON or HTML error page. Whatever the client accepts, the body is
 * problem+json, and it never repeats the container's message.
 */
@RestController
public class ErrorProblemController implements ErrorController {

    private final ObjectMapper json;

    public ErrorProblemController(ObjectMapper json) {
        this.json = json;
    }

    @RequestMapping("${spring.web.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Without a status this is no error dispatch: someone asked for the error path itself.
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        Problems.write(response, Problems.forStatus(status), json);
    }
}
