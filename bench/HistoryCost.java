import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cost of an update against history length: grows one process to HISTORY events, then alternates updates to it
 * with updates to fresh processes (a new one every 10 samples) and compares the median latencies.
 *
 * <pre>java bench/HistoryCost.java BASE_URL TOKEN HISTORY SAMPLES</pre>
 */
public class HistoryCost {

    private static final Pattern ID = Pattern.compile("\"process_id\":\"([0-9a-f-]{36})\"");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int history = Integer.parseInt(args[2]);
        int samples = Integer.parseInt(args[3]);

        String longProcess = createStarted(base, token);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fills = new ArrayList<>();
        int perThread = (history - 2) / 4;
        for (int t = 0; t < 4; t++) {
            fills.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    progress(base, token, longProcess, i);
                }
                return null;
            }));
        }
        for (Future<?> fill : fills) {
            fill.get();
        }
        pool.shutdown();

        List<Long> longCost = new ArrayList<>();
        List<Long> freshCost = new ArrayList<>();
        String fresh = null;
        for (int i = 0; i < samples + 20; i++) {
            if (i % 10 == 0) {
                fresh = createStarted(base, token);
            }
            long t0 = System.nanoTime();
            progress(base, token, longProcess, i);
            long t1 = System.nanoTime();
            progress(base, token, fresh, i);
            long t2 = System.nanoTime();
            if (i >= 20) {
                longCost.add(t1 - t0);
                freshCost.add(t2 - t1);
            }
        }
        Collections.sort(longCost);
        Collections.sort(freshCost);
        double longMedian = longCost.get(longCost.size() / 2) / 1e6;
        double freshMedian = freshCost.get(freshCost.size() / 2) / 1e6;
        System.out.printf("history_cost: events=%d samples=%d median_ms long=%.2f fresh=%.2f ratio=%.2f "
                        + "p90_ms long=%.2f fresh=%.2f%n", history + 1, samples, longMedian, freshMedian,
                longMedian / freshMedian, longCost.get(longCost.size() * 9 / 10) / 1e6,
                freshCost.get(freshCost.size() * 9 / 10) / 1e6);
    }

    private static String createStarted(String base, String token) throws Exception {
        Matcher m = ID.matcher(post(base + "/api/v1/processes", token,
                "{\"namespace\":\"bench\",\"name\":\"history\",\"steps\":[{\"key\":\"work\",\"label\":\"Work\"}]}"));
        if (!m.find()) {
            throw new IllegalStateException("create failed");
        }
        post(base + "/api/v1/processes/" + m.group(1) + "/update", token, "{\"type\":\"step_started\",\"step\":\"work\"}");
        return m.group(1);
    }

    private static void progress(String base, String token, String id, int i) throws Exception {
        post(base + "/api/v1/processes/" + id + "/update", token,
                "{\"type\":\"progress\",\"step\":\"work\",\"percent\":" + (i % 101) + "}");
    }

    private static String post(String url, String token, String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
