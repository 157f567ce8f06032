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
 * A simple loop of updates against a running ledger: each thread creates one process, starts its step and
 * posts {@code progress} updates as fast as it gets answers. Prints updates/s and latency percentiles.
 *
 * <pre>java bench/UpdateLoop.java BASE_URL[,BASE_URL...] TOKEN THREADS UPDATES_PER_THREAD [UPDATES_PER_PROCESS] [keyed]</pre>
 * With several base URLs (instances sharing one database) thread t sends to URL t modulo their number.
 * With UPDATES_PER_PROCESS a thread moves to a new process after that many updates, which keeps the history
 * each update replays short; by default one process takes all of a thread's updates. With {@code keyed} every
 * update carries an Idempotency-Key of its own.
 */
public class UpdateLoop {

    private static final Pattern ID = Pattern.compile("\"process_id\":\"([0-9a-f-]{36})\"");
    private static boolean keyed;

    public static void main(String[] args) throws Exception {
        String[] bases = args[0].split(",");
        String token = args[1];
        int threads = Integer.parseInt(args[2]);
        int perThread = Integer.parseInt(args[3]);
        int perProcess = args.length > 4 ? Integer.parseInt(args[4]) : perThread;
        keyed = args.length > 5 && args[5].equals("keyed");
        HttpClient client = HttpClient.newHttpClient();

        // warm-up: one short round so JIT and connection pools are ready before measuring
        run(client, bases, token, threads, Math.min(100, perThread), perProcess);
        long start = System.nanoTime();
        List<Long> latencies = run(client, bases, token, threads, perThread, perProcess);
        double seconds = (System.nanoTime() - start) / 1e9;

        Collections.sort(latencies);
        System.out.printf("threads=%d updates=%d updates_per_process=%d keyed=%s seconds=%.2f updates_per_second=%.0f%n",
                threads, latencies.size(), perProcess, keyed, seconds, latencies.size() / seconds);
        System.out.printf("latency_ms p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", percentile(latencies, 50),
                percentile(latencies, 90), percentile(latencies, 99), latencies.get(latencies.size() - 1) / 1e6);
    }

    private static List<Long> run(HttpClient client, String[] bases, String token, int threads, int perThread,
                                  int perProcess) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String base = bases[t % bases.length];
            results.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>(perThread);
                for (int done = 0; done < perThread; done += perProcess) {
                    latencies.addAll(loop(client, base, token, Math.min(perProcess, perThread - done)));
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();
        return all;
    }

    private static List<Long> loop(HttpClient client, String base, String token, int updates) throws Exception {
        String created = post(client, base + "/api/v1/processes", token,
                "{\"namespace\":\"bench\",\"name\":\"update loop\",\"steps\":[{\"key\":\"work\",\"label\":\"Work\"}]}", null);
        Matcher m = ID.matcher(created);
        if (!m.find()) {
            throw new IllegalStateException("create failed: " + created);
        }
        String update = base + "/api/v1/processes/" + m.group(1) + "/update";
        post(client, update, token, "{\"type\":\"step_started\",\"step\":\"work\"}", null);
        List<Long> latencies = new ArrayList<>(updates);
        for (int i = 0; i < updates; i++) {
            long t0 = System.nanoTime();
            post(client, update, token, "{\"type\":\"progress\",\"step\":\"work\",\"percent\":" + (i % 101) + "}",
                    keyed ? java.util.UUID.randomUUID().toString() : null);
            latencies.add(System.nanoTime() - t0);
        }
        return latencies;
    }

    private static String post(HttpClient client, String url, String token, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<String> response = client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
