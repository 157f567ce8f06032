package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PostgresStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.axonframework.eventhandling.Segment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two service instances on one PostgreSQL database share the analytics processor's segments through token claims:
 * each segment is processed by the one instance that holds its claim, every event is counted once, and both answer
 * the same. A replay asked of one instance, while updates arrive at both, takes every segment over and rebuilds the
 * same answers.
 */
@Tag(PostgresStore.TAG)
class AnalyticsTwoInstancesTest {

    private static final String TOKEN = TokenSecrets.generate();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENTS = 30;
    private static final Instant FROM =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    private static final Instant TO = FROM.plus(3, ChronoUnit.HOURS);
    private static final String RANGE = "from=" + FROM + "&to=" + TO;

    private static AnalyticsInstance first;
    private static AnalyticsInstance second;

    @BeforeAll
    static void start() throws InterruptedException {
        String url = PostgresStore.FreshDatabase.createDatabase();
        first = AnalyticsInstance.start(url, "instance-a", TOKEN, MAX_EVENTS);
        await("the first instance claims every segment", () -> first.segments().size() == 2);
        second = AnalyticsInstance.start(url, "instance-b", TOKEN, MAX_EVENTS);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void eachSegmentIsCountedByTheInstanceHoldingItAndAReplayTakesThemAllOver() throws Exception {
        // the first instance started alone and holds both segments; it lets one go, and the second picks it up
        first.processor().releaseSegment(0);
        await(
                "the second instance claims the released segment",
                () -> second.segments().equals(Set.of(0)));
        assertThat(first.owners()).containsExactly(Map.entry(0, second.owner), Map.entry(1, first.owner));

        String ours = organization("two instances");
        String theirs = organization("busy during the replay");
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> overlaps = new CopyOnWriteArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                sampleClaims(overlaps);
                sleep(50);
            }
        });
        sampler.start();
        Histories histories = new Histories(List.of(first.api, second.api), 13, MAX_EVENTS);
        List<Histories.Live> live = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            live.add(histories.create(ours, "ns" + (i % 6) + "-" + run, "svc-" + (i % 2), false));
        }
        Random pick = new Random(13);
        while (!live.isEmpty()) {
            Histories.Live process = live.get(pick.nextInt(live.size()));
            if (!histories.step(process)) {
                live.remove(process);
            }
        }
        caughtUp(first);
        caughtUp(second);
        sampling.set(false);
        sampler.join();
        assertThat(overlaps)
                .as("moments when a segment was processed by both instances, or by one not named its "
                        + "owner in token_entry")
                .isEmpty();
        assertThat(first.segments()).containsExactly(1);
        assertThat(second.segments()).containsExactly(0);
        NaiveAnalytics naive = new NaiveAnalytics(export(ours));
        assertThat(segmentsOf(naive))
                .as("segments the namespaces' events go to")
                .containsExactly(0, 1);

        List<String> paths = paths(run);
        List<JsonNode> before = answers(first, paths, ours);
        assertThat(answers(second, paths, ours))
                .as("answers of the second instance")
                .isEqualTo(before);
        NaiveCounts.assertCountedOnce(first.api, ours, naive, FROM, TO, "first instance");
        NaiveCounts.assertCountedOnce(second.api, ours, naive, FROM, TO, "second instance");

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            List<Api> both = List.of(first.api, second.api);
            while (writing.get()) {
                int n = written.get();
                String id = both.get(n % 2)
                        .post(
                                "/api/v1/processes",
                                theirs,
                                Map.of(
                                        "namespace",
                                        "during-" + n % 4,
                                        "name",
                                        "deploy",
                                        "steps",
                                        List.of(Map.of("key", "build", "label", "Build"))))
                        .text("process_id");
                both.get((n + 1) % 2).post("/api/v1/processes/" + id + "/update", theirs, "{\"type\":\"completed\"}");
                written.incrementAndGet();
            }
        });
        writer.start();
        sleep(500);
        // the second instance holds segment 0 only: the replay must take segment 1 from the first instance
        Api.Response replay = second.api.post("/api/v1/analytics/replay", TOKEN, "{}");
        assertThat(replay.status()).as(replay.raw().body()).isEqualTo(202);
        int writtenAtReplay = written.get();
        sleep(1500);
        writing.set(false);
        writer.join();
        assertThat(written.get()).as("updates made after the replay began").isGreaterThan(writtenAtReplay);

        caughtUp(first);
        caughtUp(second);
        assertThat(answers(first, paths, ours))
                .as("first instance's answers after the replay")
                .isEqualTo(before);
        assertThat(answers(second, paths, ours))
                .as("second instance's answers after the replay")
                .isEqualTo(before);
        NaiveAnalytics busy = new NaiveAnalytics(export(theirs));
        assertThat(busy.processes).as("processes written around the replay").hasSize(written.get());
        for (AnalyticsInstance instance : List.of(first, second)) {
            NaiveCounts.assertCountedOnce(instance.api, ours, naive, FROM, TO, instance.owner + " after the replay");
            NaiveCounts.assertCountedOnce(instance.api, theirs, busy, FROM, TO, instance.owner + " after the replay");
        }
        await("each instance processes exactly the segments it holds", AnalyticsTwoInstancesTest::claimsAgree);
        System.out.printf(
                "analytics on two instances: %d processes before the replay, %d written around it; "
                        + "claims after it: %s%n",
                histories.processes.size(), written.get(), first.owners());
    }

    /** Notes any segment that both instances process, or that one processes while another is named its owner. */
    private static void sampleClaims(List<String> overlaps) {
        Set<Integer> onFirst = first.segments();
        Set<Integer> onSecond = second.segments();
        Map<Integer, String> owners = first.owners();
        Set<Integer> firstAgain = first.segments();
        Set<Integer> secondAgain = second.segments();
        onFirst.stream().filter(onSecond::contains).forEach(s -> overlaps.add("segment " + s + " on both instances"));
        owners.forEach((segment, owner) -> {
            // a claim may change hands between the reads: only what held before and after the owner was read counts
            for (AnalyticsInstance instance : List.of(first, second)) {
                boolean before = (instance == first ? onFirst : onSecond).contains(segment);
                boolean after = (instance == first ? firstAgain : secondAgain).contains(segment);
                if (before && after && !instance.owner.equals(owner)) {
                    overlaps.add("segment " + segment + " processed by " + instance.owner + ", claimed by " + owner);
                }
            }
        });
    }

    private static boolean claimsAgree() {
        Map<Integer, String> owners = first.owners();
        Set<Integer> onFirst = first.segments();
        Set<Integer> onSecond = second.segments();
        return owners.size() == 2
                && owners.keySet().stream()
                        .allMatch(segment -> onFirst.contains(segment) != onSecond.contains(segment)
                                && (onFirst.contains(segment) ? first : second).owner.equals(owners.get(segment)));
    }

    /** The segments that the events of these namespaces go to, as NamespaceSequencing sends them. */
    private static Set<Integer> segmentsOf(NaiveAnalytics naive) {
        List<Segment> segments = Segment.splitBalanced(Segment.ROOT_SEGMENT, 1);
        assertThat(segments).hasSize(2);
        Set<Integer> used = new TreeSet<>();
        for (NaiveAnalytics.Process process : naive.processes.values()) {
            String namespace = process.namespace;
            String sequence = namespace.substring(0, namespace.indexOf('.')) + '\n' + namespace;
            segments.stream().filter(s -> s.matches(sequence)).forEach(s -> used.add(s.getSegmentId()));
        }
        return used;
    }

    /** Waits until the instance's answers count every stored event. */
    private static void caughtUp(AnalyticsInstance instance) throws InterruptedException {
        await("analytics counted every stored event", () -> {
            JsonNode summary =
                    instance.api.get("/api/v1/analytics/summary", TOKEN).json();
            Long head = instance.jdbc()
                    .queryForObject("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry", Long.class);
            return summary.path("lag_events").asLong(-1) == 0
                    && summary.path("as_of").path("position").asLong(-1) >= head;
        });
    }

    private static String organization(String name) {
        Api.Response created = first.api.post("/api/v1/organizations", TOKEN, Map.of("name", name));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.text("admin_token");
    }

    private static List<String> paths(String run) {
        List<String> paths = new ArrayList<>();
        for (String namespace : new String[] {"", "&namespace=ns0-" + run, "&namespace=ns3-" + run}) {
            String query = RANGE + namespace;
            paths.add("/api/v1/analytics/summary?" + query);
            paths.add("/api/v1/analytics/steps?" + query);
            paths.add("/api/v1/analytics/delivery?" + query);
            for (String metric : AnalyticsParameters.METRICS) {
                paths.add("/api/v1/analytics/timeseries?bucket=hour&metric=" + metric + "&" + query);
            }
        }
        return paths;
    }

    /** The answers without how current they are. */
    private static List<JsonNode> answers(AnalyticsInstance instance, List<String> paths, String token) {
        List<JsonNode> answers = new ArrayList<>();
        for (String path : paths) {
            Api.Response response = instance.api.get(path, token);
            assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
            ObjectNode answer = (ObjectNode) response.json();
            answer.remove(List.of("as_of", "lag_events"));
            answers.add(answer);
        }
        return answers;
    }

    private static List<JsonNode> export(String token) throws Exception {
        Api api = first.api;
        Api.Response export = api.send(api.request("/api/v1/audit/export", token)
                .header("Accept", "application/x-ndjson")
                .GET()
                .build());
        assertThat(export.status()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : export.raw().body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what + "; processing: first instance "
                        + first.segments() + ", second " + (second == null ? "not started" : second.segments())
                        + "; claims " + first.owners());
            }
            Thread.sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
