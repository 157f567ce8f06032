package dev.processledger.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.config.LedgerProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Receives every request body in full before anything else runs: at most {@code ledger.max-body} (413), by the
 * request's deadline ({@code ledger.http.read-timeout}, 408), at most {@code ledger.http.max-body-reads-per-address}
 * at once per client address (429). A body that arrives slowly holds a thread, so these bounds keep slow clients
 * from holding them all. A refused request is answered at once and its connection closed without reading the rest.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestBodyFilter extends OncePerRequestFilter {

    /** Set on a request refused before its body was read: the connection is closed instead of drained. */
    public static final String CLOSE_CONNECTION = RequestBodyFilter.class.getName() + ".close";
    /** {@link System#nanoTime()} of the request's first byte, when the container tells it (TomcatHttpGuard). */
    public static final String RECEIVED_AT = RequestBodyFilter.class.getName() + ".receivedAt";

    private static final Logger log = LoggerFactory.getLogger(RequestBodyFilter.class);

    private final long maxBytes;
    private final Duration readTimeout;
    private final PerAddressLimit reads;
    private final ObjectMapper json;

    public RequestBodyFilter(LedgerProperties properties, ObjectMapper json) {
        this.maxBytes = properties.maxBody().toBytes();
        this.readTimeout = properties.http().readTimeout();
        this.reads = new PerAddressLimit(properties.http().maxBodyReadsPerAddress());
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            refuse(request, response, tooLarge());
            return;
        }
        String address = request.getRemoteAddr();
        if (!reads.tryAcquire(address)) {
            response.setHeader("Retry-After", "1");
            refuse(
                    request,
                    response,
                    Problems.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "too-many-uploads",
                            "Too many requests",
                            "too many request bodies are being received from your address; retry after 1 second"));
            return;
        }
        byte[] body;
        try {
            body = read(request);
        } catch (RefusedBody refused) {
            refuse(request, response, refused.problem);
            return;
        } finally {
            reads.release(address);
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private byte[] read(HttpServletRequest request) throws RefusedBody {
        long deadline = (request.getAttribute(RECEIVED_AT) instanceof Long receivedAt ? receivedAt : System.nanoTime())
                + readTimeout.toNanos();
        long declared = request.getContentLengthLong();
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        byte[] buffer = new byte[8192];
        try {
            InputStream in = request.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (body.size() + n > maxBytes) {
                    throw new RefusedBody(tooLarge());
                }
                body.write(buffer, 0, n);
                // Checked between reads: a read waits at most the connector's idle timeout, bounding the overshoot.
                boolean more = declared < 0 || body.size() < declared;
                if (more && System.nanoTime() - deadline > 0) {
                    throw new RefusedBody(tooSlow());
                }
            }
            return body.toByteArray();
        } catch (IOException e) {
            // Tomcat answers these itself (408 for a read that timed out, 400 otherwise) through the error page.
            log.debug("Request body not received: {}", e.getClass().getName());
            throw new RefusedBody(
                    timedOut(e)
                            ? tooSlow()
                            : Problems.of(
                                    HttpStatus.BAD_REQUEST,
                                    "unreadable-body",
                                    "Unreadable body",
                                    "the request body could not be read; check its length or chunked encoding"));
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        request.setAttribute(CLOSE_CONNECTION, Boolean.TRUE);
        response.setHeader("Connection", "close");
        Problems.write(response, problem, json);
    }

    private ProblemDetail tooLarge() {
        return Problems.of(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "body-too-large",
                "Body too large",
                "request body exceeds the limit of %d bytes".formatted(maxBytes));
    }

    private ProblemDetail tooSlow() {
        return Problems.of(
                HttpStatus.REQUEST_TIMEOUT,
                "request-timeout",
                "Request timeout",
                "the request did not arrive within "
                        + (readTimeout.toMillis() % 1000 == 0
                                ? readTimeout.toSeconds() + " seconds"
                                : readTimeout.toMillis() + " ms"));
    }

    private static boolean timedOut(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** A body that is not accepted, with the answer to give. */
    private static final class RefusedBody extends Exception {

        private final transient ProblemDetail problem;

        RefusedBody(ProblemDetail problem) {
            super(problem.getDetail(), null, false, false);
            this.problem = problem;
        }
    }
}
