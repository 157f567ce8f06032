package dev.processledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import dev.processledger.support.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests refused before any handler runs, by Tomcat or by Spring Security's firewall, each sent byte for byte as a
 * client could: every answer is a problem body with the ledger's members, never a 500, never an echo of the request,
 * and the log has no ERROR line and no trace of what was sent.
 */
@H2Store
@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesH2Test extends ApiTestSupport {

    /** Sent in each refused request; it must appear neither in the answer nor in the log. */
    private static final String MARK = "m4rk-7c2e";
    /** "агент/1.0 ю" in UTF-8, as a client sends it: the bytes of ю include 0x8E, a control character in Latin-1. */
    private static final String UTF8_TEXT =
            new String("агент/1.0 ю".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

    private static final String BODY =
            "{\"namespace\":\"x\",\"name\":\"n\",\"steps\":[{\"key\":\"a\",\"label\":\"A\"}]}";

    @LocalServerPort
    private int port;

    static Stream<Arguments> refusals() {
        String cookies =
                IntStream.range(0, 250).mapToObj(i -> "c" + i + "=" + MARK).collect(Collectors.joining("; "));
        return Stream.of(
                // header values the firewall refuses
                refusal(
                        "User-Agent in UTF-8 on a create",
                        400,
                        "request-rejected",
                        create("User-Agent: " + UTF8_TEXT + MARK)),
                refusal(
                        "X- header in UTF-8 on health",
                        400,
                        "request-rejected",
                        request("GET /actuator/health", "X-Client: " + UTF8_TEXT + MARK)),
                refusal(
                        "Idempotency-Key in UTF-8",
                        400,
                        "request-rejected",
                        create("Idempotency-Key: " + UTF8_TEXT + MARK)),
                refusal(
                        "Last-Event-ID in UTF-8",
                        400,
                        "request-rejected",
                        request(
                                "GET /api/v1/stream",
                                "Authorization: Bearer " + ADMIN_TOKEN,
                                "Last-Event-ID: " + UTF8_TEXT + MARK)),
                refusal(
                        "Authorization in UTF-8",
                        400,
                        "request-rejected",
                        request("GET /api/v1/processes", "Authorization: Bearer " + UTF8_TEXT + MARK)),
                // paths and methods the firewall refuses
                refusal("dot-dot segment", 400, "request-rejected", request("GET /api/v1/processes/../tokens?" + MARK)),
                refusal("double slash", 400, "request-rejected", request("GET //api/v1/processes?" + MARK)),
                refusal("semicolon", 400, "request-rejected", request("GET /api/v1/processes;" + MARK)),
                refusal("method outside HTTP's", 400, "request-rejected", request("FOO /actuator/health?" + MARK)),
                // what Tomcat refuses itself
                refusal("encoded slash", 400, "bad-request", request("GET /api/v1/processes/a%2f" + MARK)),
                refusal("encoded NUL", 400, "bad-request", request("GET /api/v1/processes/%00" + MARK)),
                refusal(
                        "header over 8 KB",
                        400,
                        "bad-request",
                        request("GET /actuator/health", "X-Big: " + MARK + "a".repeat(9000))),
                refusal(
                        "request line over 8 KB",
                        400,
                        "bad-request",
                        request("GET /actuator/health?" + MARK + "a".repeat(9000))),
                refusal("space in the target", 400, "bad-request", request("GET /a " + MARK)),
                refusal("illegal character in the method", 400, "bad-request", request("G@T /" + MARK)),
                refusal("raw non-ASCII byte in the target", 400, "bad-request", request("GET /api/\u00ff" + MARK)),
                refusal(
                        "header name with a space",
                        400,
                        "bad-request",
                        request("GET /actuator/health", "Bad Header: " + MARK)),
                refusal(
                        "control character in a header",
                        400,
                        "bad-request",
                        request("GET /actuator/health", "X-A: " + MARK + "\u0001")),
                refusal("no Host header", 400, "bad-request", "GET /actuator/health?" + MARK + " HTTP/1.1\r\n\r\n"),
                refusal(
                        "invalid Content-Length",
                        400,
                        "bad-request",
                        request("POST /api/v1/processes", "Content-Length: " + MARK)),
                refusal(
                        "malformed chunked body",
                        400,
                        "bad-request",
                        request(
                                        "POST /api/v1/processes",
                                        "Content-Type: application/json",
                                        "Transfer-Encoding: chunked")
                                + "zz" + MARK + "\r\n{}\r\n0\r\n\r\n"),
                refusal("too many cookies", 400, "bad-request", request("GET /actuator/health", "Cookie: " + cookies)),
                refusal("TRACE", 405, "method-not-allowed", request("TRACE /actuator/health?" + MARK)),
                refusal("CONNECT", 501, "not-implemented", request("CONNECT " + MARK + ":443")),
                refusal(
                        "unknown transfer coding",
                        501,
                        "not-implemented",
                        request("POST /api/v1/processes", "Transfer-Encoding: " + MARK)),
                refusal(
                        "unknown expectation",
                        417,
                        "expectation-failed",
                        request("POST /api/v1/processes", "Expect: " + MARK, "Content-Length: 2") + "{}"),
                refusal(
                        "HTTP/2.0 request line",
                        505,
                        "http-version-not-supported",
                        "GET /actuator/health?" + MARK + " HTTP/2.0\r\nHost: x\r\n\r\n"),
                refusal("the error page asked for directly", 404, "not-found", request("GET /error?" + MARK)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isAProblemBodyAndNoErrorInTheLog(
            String description, int status, String typeSlug, String request, CapturedOutput log) throws Exception {
        RawHttp.Response response = RawHttp.exchange(port, request);

        SlowClientsH2Test.assertProblem(response, status, typeSlug);
        assertThat(response.body()).doesNotContain(MARK);
        assertThat(log.getAll()).as("log").doesNotContain(MARK).doesNotContainPattern("(?m)^\\S+\\s+ERROR\\s");
    }

    private static Arguments refusal(String description, int status, String typeSlug, String request) {
        return Arguments.of(description, status, typeSlug, request);
    }

    /** An HTTP/1.1 request head: the method and target, a Host header, then the given headers. */
    private static String request(String methodAndTarget, String... headers) {
        StringBuilder head = new StringBuilder(methodAndTarget).append(" HTTP/1.1\r\nHost: x\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static String create(String header) {
        return request(
                        "POST /api/v1/processes",
                        "Authorization: Bearer " + ADMIN_TOKEN,
                        "Content-Type: application/json",
                        header,
                        "Content-Length: " + BODY.length())
                + BODY;
    }
}
