package dev.processledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.http.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, with two changes. It checks every header as the request arrives: on its own it
 * checks a header only when something reads it, so a value it refuses (a control character, as the bytes 0x80-0x9F
 * in UTF-8 text sent as a header are) failed inside a handler as a 500, or not at all, depending on the endpoint.
 * And its refusals (such a header, a {@code ..} segment, {@code //}, {@code ;}, a method outside HTTP's standard
 * ones...) are 400 problem bodies, logged at debug level without what was refused.
 */
final class Firewall extends StrictHttpFirewall implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(Firewall.class);

    private final ObjectMapper json;

    Firewall(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        FirewalledRequest firewalled = super.getFirewalledRequest(request);
        for (String name : Collections.list(firewalled.getHeaderNames())) {
            // Reading a header is what makes the firewall check it.
            firewalled.getHeaders(name).asIterator().forEachRemaining(value -> {});
        }
        return firewalled;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.debug("Request rejected by the firewall");
        // On an error dispatch the request has already been refused (Tomcat refuses TRACE with 405, say): keep that.
        ProblemDetail problem = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status
                ? Problems.forStatus(status)
                : Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "request-rejected",
                        "Request rejected",
                        "the request's path, method or headers contain characters or sequences that are not allowed");
        Problems.write(response, problem, json);
    }
}
