package dev.processledger.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.config.LedgerProperties;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import dev.processledger.support.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that send requests slowly, from one address, with the default settings: they get a bounded share of the
 * server, and everyone else (other addresses, the health probe) is served as usual. Each test uses its own loopback
 * address as "the slow client".
 */
@H2Store
class SlowClientsH2Test extends ApiTestSupport {

    private static final String HEALTH = "GET /actuator/health HTTP/1.1\r\nHost: ledger\r\n\r\n";

    @LocalServerPort
    private int port;

    @Autowired
    private LedgerProperties properties;

    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void closeSockets() throws IOException {
        drip.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void twoHundredFiftySlowUploadsLeaveHealthAndOtherClientsServed() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.exchange(port, HEALTH).status()).isEqualTo(200);
        }
        // Most declare a body within the limit, every fifth one over it (which Tomcat would read to the end before
        // answering 413); all send a byte, then one every 2 seconds.
        for (int i = 0; i < 250; i++) {
            Socket socket = RawHttp.connect("127.0.0.2", port);
            sockets.add(socket);
            send(socket, uploadHead(i % 5 == 0 ? 100_000 : 60_000) + "{");
        }
        drip.scheduleWithFixedDelay(() -> sockets.forEach(socket -> send(socket, " ")), 2, 2, TimeUnit.SECONDS);
        Thread.sleep(2000);

        long worstHealthNanos = 0;
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < until) {
            long started = System.nanoTime();
            RawHttp.Response health = RawHttp.exchange(port, HEALTH);
            worstHealthNanos = Math.max(worstHealthNanos, System.nanoTime() - started);
            assertThat(health.status()).isEqualTo(200);
            Api.Response created = api.post("/api/v1/processes", ADMIN_TOKEN, processBody(uniqueNamespace(), "build"));
            assertThat(created.status()).as("another client's create").isEqualTo(201);
            Thread.sleep(500);
        }

        assertThat(Duration.ofNanos(worstHealthNanos))
                .as("slowest health answer")
                .isLessThan(Duration.ofSeconds(1));
        long stillReceiving =
                sockets.stream().filter(SlowClientsH2Test::openAndSilent).count();
        assertThat(stillReceiving)
                .as("slow uploads the server is still receiving")
                .isEqualTo(properties.http().maxBodyReadsPerAddress());
    }

    @Test
    void uploadsBeyondTheAddressesShareAre429AndClosed() throws Exception {
        int share = properties.http().maxBodyReadsPerAddress();
        for (int i = 0; i < share; i++) {
            Socket socket = RawHttp.connect("127.0.0.4", port);
            sockets.add(socket);
            send(socket, uploadHead(1000) + "{");
        }
        Thread.sleep(1000);

        try (Socket oneMore = RawHttp.connect("127.0.0.4", port)) {
            send(oneMore, uploadHead(1000) + "{");
            RawHttp.Response refused = RawHttp.read(oneMore, Duration.ofSeconds(5));

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertProblem(refused, 429, "too-many-uploads");
            assertThat(RawHttp.closedByServer(oneMore, Duration.ofSeconds(5)))
                    .as("connection closed")
                    .isTrue();
        }
        assertThat(api.post("/api/v1/processes", ADMIN_TOKEN, processBody(uniqueNamespace(), "a"))
                        .status())
                .as("another address")
                .isEqualTo(201);

        // Abandoned uploads give their places back.
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
        Thread.sleep(1000);
        String body = "{\"name\":\"x\"}";
        try (Socket again = RawHttp.connect("127.0.0.4", port)) {
            send(
                    again,
                    "POST /api/v1/tokens HTTP/1.1\r\nHost: ledger\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(RawHttp.read(again, Duration.ofSeconds(5)).status())
                    .as("an upload after they ended")
                    .isEqualTo(401);
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutWaitingForIt() throws Exception {
        try (Socket socket = RawHttp.connect("127.0.0.5", port)) {
            send(socket, uploadHead(100_000) + "{");

            assertProblem(RawHttp.read(socket, Duration.ofSeconds(5)), 413, "body-too-large");
            assertThat(RawHttp.closedByServer(socket, Duration.ofSeconds(2)))
                    .as("closed, the rest unread")
                    .isTrue();
        }
        try (Socket socket = RawHttp.connect("127.0.0.5", port)) {
            send(socket, uploadHead(100_000).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));

            assertProblem(RawHttp.read(socket, Duration.ofSeconds(5)), 413, "body-too-large");
        }
    }

    @Test
    void anAddressHoldsAtMostItsShareOfConnections() throws Exception {
        int share = properties.http().maxConnectionsPerAddress();
        for (int i = 0; i < share; i++) {
            sockets.add(servedKeepAlive(RawHttp.connect("127.0.0.3", port)));
        }

        try (Socket oneMore = RawHttp.connect("127.0.0.3", port)) {
            assertThat(RawHttp.closedByServer(oneMore, Duration.ofSeconds(5)))
                    .as("one beyond the share")
                    .isTrue();
        }
        assertThat(RawHttp.exchange(port, HEALTH).status())
                .as("another address")
                .isEqualTo(200);

        // Closed connections give their places back, and only those.
        for (Socket socket : sockets.subList(0, share / 2)) {
            socket.close();
        }
        sockets.subList(0, share / 2).clear();
        Thread.sleep(1000);
        for (int i = 0; i < share / 2; i++) {
            sockets.add(servedKeepAlive(RawHttp.connect("127.0.0.3", port)));
        }
        try (Socket oneMore = RawHttp.connect("127.0.0.3", port)) {
            assertThat(RawHttp.closedByServer(oneMore, Duration.ofSeconds(5)))
                    .as("one beyond the share")
                    .isTrue();
        }
    }

    private Socket servedKeepAlive(Socket socket) throws IOException {
        send(socket, HEALTH);
        assertThat(RawHttp.read(socket, Duration.ofSeconds(5)).status()).isEqualTo(200);
        return socket;
    }

    private static String uploadHead(int contentLength) {
        return "POST /api/v1/processes HTTP/1.1\r\nHost: ledger\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException closedByServer) {
            // the server may close a refused connection at any time
        }
    }

    private static boolean openAndSilent(Socket socket) {
        try {
            return !socket.isClosed()
                    && !RawHttp.closedByServer(socket, Duration.ofMillis(50))
                    && socket.getInputStream().available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static void assertProblem(RawHttp.Response response, int status, String typeSlug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body())
                .contains(
                        "\"type\":\"https://process-ledger.dev/problems/" + typeSlug + "\"",
                        "\"status\":" + status,
                        "\"title\":",
                        "\"detail\":",
                        "\"error\":");
    }
}
