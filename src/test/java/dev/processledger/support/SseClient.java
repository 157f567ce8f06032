package dev.processledger.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream over real HTTP, message by message. */
public final class SseClient implements AutoCloseable {

    /** One SSE message: its id, event name, data, or a comment line. */
    public record Message(String id, String event, String data, String comment) {}

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;
    private volatile AssertionError contractViolation;

    public SseClient(String url, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpRequest sent = request.GET().build();
        response = HttpClient.newHttpClient().sendAsync(sent, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            checkContract(sent, r);
            lines = r.body();
            Thread reader = new Thread(() -> parse(r.body()), "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        });
    }

    public int status() throws Exception {
        return response().statusCode();
    }

    public HttpResponse<Stream<String>> response() throws Exception {
        HttpResponse<Stream<String>> received = response.get(10, TimeUnit.SECONDS);
        throwContractViolation();
        return received;
    }

    /**
     * Checks status and media type against the contract, if the suite checks it for this server; a streamed body is
     * not read here. A mismatch is thrown by {@link #response()}, {@link #status()} and {@link #close()}.
     */
    private void checkContract(HttpRequest sent, HttpResponse<Stream<String>> received) {
        URI uri = sent.uri();
        ContractValidator.of(uri.getScheme() + "://" + uri.getAuthority()).ifPresent(contract -> {
            try {
                contract.check(new Exchange(
                        sent.method(), uri, sent.headers(), "", received.statusCode(), received.headers(), null));
            } catch (AssertionError violation) {
                contractViolation = violation;
            }
        });
    }

    private void throwContractViolation() {
        if (contractViolation != null) {
            throw contractViolation;
        }
    }

    /** The next message (comments included), or null if none arrives in time. */
    public Message next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next message with an event name, skipping comments, or null if none arrives in time. */
    public Message nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message message =
                    messages.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (message != null && message.event() != null) {
                return message;
            }
        }
        return null;
    }

    /** Waits for the {@code connected} event every stream opens with; fails if another event comes first. */
    public Message awaitConnected(Duration timeout) throws InterruptedException {
        Message first = nextEvent(timeout);
        if (first == null || !"connected".equals(first.event())) {
            throw new AssertionError("expected the connected event first, got " + first);
        }
        return first;
    }

    /** Every event message that arrives within the window. */
    public List<Message> eventsWithin(Duration window) throws InterruptedException {
        List<Message> events = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = messages.poll(10, TimeUnit.MILLISECONDS);
            if (message != null && message.event() != null) {
                events.add(message);
            }
        }
        return events;
    }

    private void parse(Stream<String> body) {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) body::iterator) {
                if (line.isEmpty()) {
                    if (event != null || data.length() > 0) {
                        messages.add(new Message(id, event, data.toString(), null));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    messages.add(new Message(null, null, null, line.substring(1).trim()));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed by the test or the server
        } finally {
            ended.countDown();
        }
    }

    /** Whether the response body ends (the server closed the stream) within the timeout. */
    public boolean ended(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        response.cancel(true);
        if (lines != null) {
            lines.close();
        }
        throwContractViolation();
    }
}
