import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the analytics projection of a running ledger:
 * <pre>
 * java bench/AnalyticsBench.java replay  BASE TOKEN            until lag_events is 0: events counted per second
 * java bench/AnalyticsBench.java rebuild BASE TOKEN            POST /analytics/replay (system token), then as replay
 * java bench/AnalyticsBench.java queries BASE TOKEN N          N requests per endpoint: client latency percentiles
 * java bench/AnalyticsBench.java lag     BASE TOKEN RATE SECS  RATE updates/s for SECS; how long a new process takes
 *                                                              to appear in the answers, and the largest lag_events
 * </pre>
 */
public class AnalyticsBench {

    private static final Pattern POSITION = Pattern.compile("\"position\":(\\d+)");
    private static final Pattern LAG = Pattern.compile("\"lag_events\":(\\d+)");
    private static final Pattern STARTED = Pattern.compile("\"started\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"process_id\":\"([0-9a-f-]{36})\"");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static String base;
    private static String token;

    public static void main(String[] args) throws Exception {
        base = args[1];
        token = args[2];
        switch (args[0]) {
            case "replay" -> replay();
            case "rebuild" -> {
                post("/api/v1/analytics/replay", "{}");
                replay();
            }
            case "queries" -> queries(Integer.parseInt(args[3]));
            case "lag" -> lag(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void replay() throws Exception {
        long firstPosition = -1;
        long firstAt = 0;
        while (true) {
            String body = get("/api/v1/analytics/summary");
            long position = number(POSITION, body, -1);
            long lag = number(LAG, body, -1);
            if (position >= 0 && firstPosition < 0) {
                firstPosition = position;
                firstAt = System.nanoTime();
            }
            if (position >= 0 && lag == 0) {
                double seconds = (System.nanoTime() - firstAt) / 1e9;
                System.out.printf("replayed events=%d (after the first sample at %d) seconds=%.1f events_per_second=%.0f%n",
                        position - firstPosition, firstPosition, seconds, (position - firstPosition) / seconds);
                return;
            }
            Thread.sleep(200);
        }
    }

    private static void queries(int n) throws Exception {
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        String month = "from=" + to.minus(30, ChronoUnit.DAYS) + "&to=" + to;
        String week = "from=" + to.minus(7, ChronoUnit.DAYS) + "&to=" + to;
        String[] paths = {
                "/api/v1/analytics/summary?" + month,
                "/api/v1/analytics/summary?namespace=team-3&" + month,
                "/api/v1/analytics/steps?" + month,
                "/api/v1/analytics/steps?namespace=team-3&" + month,
                "/api/v1/analytics/timeseries?metric=duration_p90&bucket=hour&" + week,
                "/api/v1/analytics/timeseries?metric=success_rate&bucket=day&" + month,
                "/api/v1/analytics/delivery?namespace=team-3&" + month,
                "/api/v1/analytics/delivery?" + month};
        System.out.println("started processes in the 30 days: " + number(STARTED, get(paths[0]), -1));
        for (String path : paths) {
            for (int i = 0; i < Math.min(20, n); i++) {
                get(path);
            }
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long began = System.nanoTime();
                get(path);
                latencies.add(System.nanoTime() - began);
            }
            Collections.sort(latencies);
            System.out.printf("%-90s p50=%.1fms p99=%.1fms max=%.1fms%n", path.replace("/api/v1/analytics", ""),
                    pct(latencies, 50), pct(latencies, 99), latencies.get(latencies.size() - 1) / 1e6);
        }
    }

    /**
     * RATE updates/s from 16 threads (each creates a process, then sends step_started, progress, step_completed and
     * completed); meanwhile a probe creates a process every 500 ms in its own namespace and times how long until
     * the summary counts it.
     */
    private static void lag(int rate, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        long began = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        int workers = 16;
        for (int t = 0; t < workers; t++) {
            Thread thread = new Thread(() -> {
                long interval = 1_000_000_000L * workers / rate;
                long next = System.nanoTime();
                String id = null;
                int phase = 0;
                String[] updates = {"{\"type\":\"step_started\",\"step\":\"a\"}",
                        "{\"type\":\"progress\",\"step\":\"a\",\"percent\":50}",
                        "{\"type\":\"step_completed\",\"step\":\"a\"}", "{\"type\":\"completed\"}"};
                while (running.get()) {
                    try {
                        if (id == null) {
                            id = match(ID, post("/api/v1/processes", "{\"namespace\":\"load\",\"name\":\"svc-"
                                    + (sent.get() % 20) + "\",\"steps\":[{\"key\":\"a\",\"label\":\"A\"}]}"));
                        } else {
                            post("/api/v1/processes/" + id + "/update", updates[phase++]);
                            if (phase == updates.length) {
                                id = null;
                                phase = 0;
                            }
                        }
                        sent.incrementAndGet();
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        List<Long> visible = new ArrayList<>();
        long maxLag = 0;
        String probe = "probe-" + System.nanoTime();
        long count = number(STARTED, get("/api/v1/analytics/summary?namespace=" + probe), 0);
        long end = began + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long created = System.nanoTime();
            post("/api/v1/processes", "{\"namespace\":\"" + probe + "\",\"name\":\"probe\",\"steps\":[{\"key\":\"a\",\"label\":\"A\"}]}");
            count++;
            while (true) {
                String body = get("/api/v1/analytics/summary?namespace=" + probe);
                maxLag = Math.max(maxLag, number(LAG, body, 0));
                if (number(STARTED, body, 0) >= count) {
                    break;
                }
                Thread.sleep(5);
            }
            visible.add(System.nanoTime() - created);
            Thread.sleep(500);
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        Collections.sort(visible);
        System.out.printf("load: updates=%d seconds=%.1f updates_per_second=%.0f%n", sent.get(), elapsed,
                sent.get() / elapsed);
        System.out.printf("update to counted in analytics (%d probes): p50=%.0fms p99=%.0fms max=%.0fms; "
                + "largest lag_events seen=%d%n", visible.size(), pct(visible, 50), pct(visible, 99),
                visible.get(visible.size() - 1) / 1e6, maxLag);
    }

    private static double pct(List<Long> sorted, double p) {
        int rank = (int) Math.max(1, Math.ceil(p / 100 * sorted.size()));
        return sorted.get(rank - 1) / 1e6;
    }

    private static long number(Pattern pattern, String body, long fallback) {
        Matcher m = pattern.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : fallback;
    }

    private static String match(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("unexpected answer: " + body);
        }
        return m.group(1);
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String post(String path, String json) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
