package dev.processledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import dev.processledger.support.RawHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A request must arrive in full within {@code ledger.http.read-timeout} of its first byte, however steadily it
 * trickles in: a late body is answered 408, a late request head has its connection closed. (Short settings here: a
 * 3 s deadline, a 2 s idle timeout per read.)
 */
@H2Store
@TestPropertySource(properties = {"ledger.http.read-timeout=3s", "server.tomcat.connection-timeout=2s"})
class RequestDeadlineH2Test extends ApiTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(3);
    /** The deadline is checked between reads, and a read waits at most the idle timeout. */
    private static final Duration LATEST = DEADLINE.plusSeconds(2).plusSeconds(3);

    @LocalServerPort
    private int port;

    @Test
    void aBodyStillArrivingAtTheDeadlineIs408AndItsConnectionClosed() throws Exception {
        try (Socket socket = RawHttp.connect("127.0.0.1", port)) {
            long started = System.nanoTime();
            send(
                    socket,
                    "POST /api/v1/processes HTTP/1.1\r\nHost: ledger\r\nContent-Type: application/json\r\n"
                            + "Authorization: Bearer " + ADMIN_TOKEN + "\r\nContent-Length: 1000\r\n\r\n{");

            RawHttp.Response response = null;
            while (response == null && elapsedSince(started).compareTo(LATEST) < 0) {
                send(socket, " ");
                response = readWithin(socket, Duration.ofMillis(500));
            }

            assertThat(response).as("answer within %s", LATEST).isNotNull();
            assertThat(elapsedSince(started)).isGreaterThanOrEqualTo(DEADLINE.minusMillis(200));
            SlowClientsH2Test.assertProblem(response, 408, "request-timeout");
            assertThat(response.body()).contains("the request did not arrive within 3 seconds");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(RawHttp.closedByServer(socket, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aRequestHeadStillArrivingAtTheDeadlineHasItsConnectionClosed() throws Exception {
        try (Socket socket = RawHttp.connect("127.0.0.1", port)) {
            long started = System.nanoTime();
            send(socket, "GET /actuator/health HTTP/1.1\r\nHost: ledger\r\n");

            boolean closed = false;
            for (int i = 0; !closed && elapsedSince(started).compareTo(LATEST) < 0; i++) {
                closed = !send(socket, "X-Header-" + i + ": value\r\n")
                        || RawHttp.closedByServer(socket, Duration.ofMillis(500));
            }

            assertThat(closed).as("closed within %s", LATEST).isTrue();
            assertThat(elapsedSince(started)).isGreaterThanOrEqualTo(DEADLINE.minusMillis(200));
        }
        assertThat(RawHttp.exchange(port, "GET /actuator/health HTTP/1.1\r\nHost: ledger\r\n\r\n")
                        .status())
                .isEqualTo(200);
    }

    private static RawHttp.Response readWithin(Socket socket, Duration timeout) throws IOException {
        try {
            return RawHttp.read(socket, timeout);
        } catch (java.net.SocketTimeoutException notYet) {
            return null;
        }
    }

    private static boolean send(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
