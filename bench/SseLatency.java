import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * SSE delivery latency: one client listens on GET /api/v1/stream; updates are posted one at a time and the time
 * from sending each POST to receiving its process_update message is recorded. Prints median, p90, p99.
 *
 * <pre>java bench/SseLatency.java BASE_URL TOKEN UPDATES</pre>
 */
public class SseLatency {

    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"process_id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int updates = Integer.parseInt(args[2]);
        HttpClient client = HttpClient.newHttpClient();

        String created = post(client, base + "/api/v1/processes", token,
                "{\"namespace\":\"bench\",\"name\":\"sse latency\",\"steps\":[{\"key\":\"work\",\"label\":\"Work\"}]}");
        Matcher id = ID.matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("create failed: " + created);
        }
        String processId = id.group(1);
        BlockingQueue<Long> received = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/stream?process_id=" + processId))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> stream.body().forEach(line -> {
            Matcher m = SEQUENCE.matcher(line);
            if (line.startsWith("data:") && m.find()) {
                received.add(Long.parseLong(m.group(1)));
            }
        }));
        reader.setDaemon(true);
        reader.start();
        String update = base + "/api/v1/processes/" + processId + "/update";
        post(client, update, token, "{\"type\":\"step_started\",\"step\":\"work\"}");
        received.poll(10, TimeUnit.SECONDS);

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < updates + 50; i++) {
            long sent = System.nanoTime();
            post(client, update, token, "{\"type\":\"progress\",\"step\":\"work\",\"percent\":" + (i % 101) + "}");
            Long sequence = received.poll(10, TimeUnit.SECONDS);
            if (sequence == null) {
                throw new IllegalStateException("no message within 10 s for update " + i);
            }
            if (i >= 50) {
                latencies.add(System.nanoTime() - sent);
            }
        }
        Collections.sort(latencies);
        System.out.printf("sse: updates=%d latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f (POST sent to message received)%n",
                latencies.size(), pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                latencies.get(latencies.size() - 1) / 1e6);
        System.exit(0);
    }

    private static String post(HttpClient client, String url, String token, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
