package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processledger.ProcessLedgerApplication;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two service instances on one PostgreSQL database share the analytics processor's segments through token claims:
 * each segment is processed by the one instance that holds its claim, every event is counted once, and both answer
 * the same. A replay asked of one instance, while updates arrive at both, takes every segment over and rebuilds the
 * same answers.
 */
@Tag(PostgresStore.TAG)
class AnalyticsTwoInstancesTest {

    private static final String TOKEN = TokenSecrets.generate();
    private static final String OWNER_A = "instance-a";
    private static final String OWNER_B = "instance-b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENTS = 30;

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static Api a;
    private static Api b;

    @BeforeAll
    static void start() throws InterruptedException {
        String url = PostgresStore.FreshDatabase.createDatabase();
        first = instance(url, OWNER_A);
        await("the first instance claims every segment", () -> segments(first).size() == 2);
        second = instance(url, OWNER_B);
        a = api(first);
        b = api(second);
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
    void eachSegmentIsProcessedByOneInstanceAndAReplayOnEitherRebuildsTheSameAnswers() throws Exception {
        // the first instance started alone and holds both segments; it lets one go, and the second picks it up
        processor(first).releaseSegment(0);
        await("the second instance claims the released segment", () -> segments(second).equals(Set.of(0)));
        assertThat(owners()).containsExactly(Map.entry(0, OWNER_B), Map.entry(1, OWNER_A));

        String ours = organisation("two instances");
        String theirs = organisation("busy during the replay");
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
        Histories histories = new Histories(List.of(a, b), 13, MAX_EVENTS);
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
        assertThat(overlaps).as("moments when a segment was processed by both instances or by one not holding its "
                + "claim").isEmpty();
        assertThat(segments(first)).containsExactly(1);
        assertThat(segments(second)).containsExactly(0);
        Set<String> namespaces = new NaiveAnalytics(export(ours)).processes.values().stream().map(p -> p.namespace)
                .collect(Collectors.toSet());
        assertThat(segmentsOf(namespaces)).as("the namespaces' events go to both segments")
                .containsExactlyInAnyOrder(0, 1);

        List<String> paths = paths(run);
        List<JsonNode> before = answers(a, paths, ours);
        assertThat(answers(b, paths, ours)).as("answers of the second instance").isEqualTo(before);
        countedOnce(ours, "before the replay");

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            Api[] both = {a, b};
            while (writing.get()) {
                int n = written.get();
                String id = both[n % 2].post("/api/v1/processes", theirs, Map.of("namespace", "during-" + n % 4,
                        "name", "deploy", "steps", List.of(Map.of("key", "build", "label", "Build"))))
                        .text("process_id");
                both[(n + 1) % 2].post("/api/v1/processes/" + id + "/update", theirs, "{\"type\":\"completed\"}");
                written.incrementAndGet();
            }
        });
        writer.start();
        sleep(500);
        // the second instance holds segment 0 only: the replay must take segment 1 from the first instance
        Api.Response replay = b.post("/api/v1/analytics/replay", TOKEN, "{}");
        assertThat(replay.status()).as(replay.raw().body()).isEqualTo(202);
        sleep(1500);
        writing.set(false);
        writer.join();

        caughtUp(first);
        caughtUp(second);
        assertThat(answers(a, paths, ours)).as("first instance's answers after the replay").isEqualTo(before);
        assertThat(answers(b, paths, ours)).as("second instance's answers after the replay").isEqualTo(before);
        String range = range();
        JsonNode busyOnA = a.get("/api/v1/analytics/summary?" + range, theirs).json();
        assertThat(busyOnA.path("started").asLong()).as("updates during the replay, counted once")
                .isEqualTo(written.get());
        assertThat(busyOnA.path("completed").asLong()).isEqualTo(written.get());
        assertThat(written.get()).as("updates made while the replay ran").isPositive();
        countedOnce(ours, "after the replay");
        countedOnce(theirs, "after the replay");
        Map<Integer, String> owners = owners();
        assertThat(owners.keySet()).containsExactly(0, 1);
        assertThat(owners.values()).allMatch(owner -> owner == null || Set.of(OWNER_A, OWNER_B).contains(owner));
        await("each instance processes exactly the segments it holds", this::claimsAgree);
        System.out.printf("analytics on two instances: %d processes before the replay, %d written during it; "
                + "claims after it: %s%n", histories.processes.size(), written.get(), owners());
    }

    /** Every figure an organisation's answers count, compared with its exported events counted naively. */
    private static void countedOnce(String token, String when) throws Exception {
        NaiveAnalytics naive = new NaiveAnalytics(export(token));
        long from = Instant.parse(range().split("&")[0].substring(5)).toEpochMilli();
        long to = Instant.parse(range().split("&")[1].substring(3)).toEpochMilli();
        List<String> namespaces = new ArrayList<>();
        namespaces.add(null);
        naive.processes.values().stream().map(p -> p.namespace).distinct().sorted().forEach(namespaces::add);
        for (Api api : List.of(a, b)) {
            for (String namespace : namespaces) {
                String what = when + ", " + (api == a ? "first" : "second") + " instance, namespace " + namespace;
                String query = range() + (namespace == null ? "" : "&namespace=" + namespace);
                List<NaiveAnalytics.Process> started = naive.started(namespace, from, to);
                JsonNode summary = api.get("/api/v1/analytics/summary?" + query, token).json();
                assertThat(summary.path("started").asLong()).as(what).isEqualTo(started.size());
                assertThat(summary.path("completed").asLong()).as(what)
                        .isEqualTo(started.stream().filter(p -> Boolean.TRUE.equals(p.completed)).count());
                assertThat(summary.path("failed").asLong()).as(what)
                        .isEqualTo(started.stream().filter(p -> Boolean.FALSE.equals(p.completed)).count());
                assertThat(summary.path("duration_ms").path("count").asLong()).as(what)
                        .isEqualTo(started.stream().filter(p -> p.finishedAt != null).count());
                JsonNode delivery = api.get("/api/v1/analytics/delivery?" + query, token).json();
                assertThat(delivery.path("time_to_restore_ms").path("count").asLong()).as(what).isEqualTo(
                        naive.restores.stream().filter(r -> NaiveAnalytics.in(r.getKey(), namespace, from, to)).count());
                Map<String, Map<String, Long>> expected = new TreeMap<>();
                naive.steps(namespace, from, to).forEach((row, facts) -> expected.put(row.replace('\n', ' '),
                        facts.stream().collect(Collectors.groupingBy(NaiveAnalytics.StepFact::kind,
                                TreeMap::new, Collectors.counting()))));
                Map<String, Map<String, Long>> got = new TreeMap<>();
                for (JsonNode row : api.get("/api/v1/analytics/steps?" + query, token).json().path("steps")) {
                    Map<String, Long> kinds = new TreeMap<>();
                    for (String kind : List.of("attempts", "completed", "failed", "timed_out", "skipped", "cancelled")) {
                        long count = row.path(kind).asLong();
                        if (count > 0) {
                            kinds.put(kind.equals("attempts") ? "attempt" : kind, count);
                        }
                    }
                    got.put(row.path("namespace").asText() + " " + row.path("step").asText(), kinds);
                }
                assertThat(got).as("step counts, " + what).isEqualTo(expected);
            }
        }
    }

    /** Notes any segment that both instances process, or that one processes without holding its claim. */
    private static void sampleClaims(List<String> overlaps) {
        Set<Integer> onFirst = segments(first);
        Set<Integer> onSecond = segments(second);
        Map<Integer, String> owners = owners();
        for (int segment : onFirst) {
            if (onSecond.contains(segment)) {
                overlaps.add("segment " + segment + " on both instances");
            }
        }
        Set<Integer> firstAgain = segments(first);
        Set<Integer> secondAgain = segments(second);
        owners.forEach((segment, owner) -> {
            // a claim changes hands between the reads: only what was true before and after the owner read counts
            if (onFirst.contains(segment) && firstAgain.contains(segment) && !OWNER_A.equals(owner)) {
                overlaps.add("segment " + segment + " processed by the first instance, claimed by " + owner);
            }
            if (onSecond.contains(segment) && secondAgain.contains(segment) && !OWNER_B.equals(owner)) {
                overlaps.add("segment " + segment + " processed by the second instance, claimed by " + owner);
            }
        });
    }

    private boolean claimsAgree() {
        Map<Integer, String> owners = owners();
        Set<Integer> onFirst = segments(first);
        Set<Integer> onSecond = segments(second);
        return owners.keySet().stream().allMatch(segment -> onFirst.contains(segment) != onSecond.contains(segment)
                && (onFirst.contains(segment) ? OWNER_A : OWNER_B).equals(owners.get(segment)));
    }

    /** The segments an instance's analytics processor is working on. */
    private static Set<Integer> segments(ConfigurableApplicationContext instance) {
        Map<Integer, EventTrackerStatus> status = processor(instance).processingStatus();
        return status.values().stream().filter(s -> !s.isErrorState()).map(s -> s.getSegment().getSegmentId())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static StreamingEventProcessor processor(ConfigurableApplicationContext instance) {
        return instance.getBean(EventProcessingConfiguration.class)
                .eventProcessor(AnalyticsProjection.GROUP, StreamingEventProcessor.class).orElseThrow();
    }

    /** Who holds each segment's claim, from the shared token table (null: nobody). */
    private static Map<Integer, String> owners() {
        Map<Integer, String> owners = new TreeMap<>();
        first.getBean(JdbcTemplate.class).query("SELECT segment, owner FROM token_entry WHERE processor_name = ?",
                rs -> {
                    owners.put(rs.getInt(1), rs.getString(2));
                }, AnalyticsProjection.GROUP);
        return owners;
    }

    /** The segments that the events of these (qualified) namespaces go to, as NamespaceSequencing sends them. */
    private static Set<Integer> segmentsOf(Set<String> namespaces) {
        List<Segment> segments = Segment.splitBalanced(Segment.ROOT_SEGMENT, 1);
        assertThat(segments).hasSize(2);
        Set<Integer> used = new TreeSet<>();
        for (String namespace : namespaces) {
            String sequence = namespace.substring(0, namespace.indexOf('.')) + '\n' + namespace;
            segments.stream().filter(s -> s.matches(sequence)).forEach(s -> used.add(s.getSegmentId()));
        }
        return used;
    }

    private static void caughtUp(ConfigurableApplicationContext instance) throws InterruptedException {
        Api api = instance == first ? a : b;
        JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
        await("analytics counted every stored event", () -> {
            JsonNode summary = api.get("/api/v1/analytics/summary", TOKEN).json();
            Long head = jdbc.queryForObject("SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry",
                    Long.class);
            return summary.path("lag_events").asLong(-1) == 0
                    && summary.path("as_of").path("position").asLong(-1) >= head;
        });
    }

    private static String organisation(String name) {
        Api.Response created = a.post("/api/v1/organizations", TOKEN, Map.of("name", name));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.text("admin_token");
    }

    private static String range() {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        return "from=" + hour.minus(1, ChronoUnit.HOURS) + "&to=" + hour.plus(2, ChronoUnit.HOURS);
    }

    private static List<String> paths(String run) {
        List<String> paths = new ArrayList<>();
        for (String namespace : new String[] {"", "&namespace=ns0-" + run, "&namespace=ns3-" + run}) {
            String query = range() + namespace;
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
    private static List<JsonNode> answers(Api api, List<String> paths, String token) {
        List<JsonNode> answers = new ArrayList<>();
        for (String path : paths) {
            Api.Response response = api.get(path, token);
            assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
            ObjectNode answer = (ObjectNode) response.json();
            answer.remove(List.of("as_of", "lag_events"));
            answers.add(answer);
        }
        return answers;
    }

    private static List<JsonNode> export(String token) throws Exception {
        Api.Response export = a.send(a.request("/api/v1/audit/export", token)
                .header("Accept", "application/x-ndjson").GET().build());
        assertThat(export.status()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : export.raw().body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static ConfigurableApplicationContext instance(String url, String owner) {
        return new SpringApplicationBuilder(ProcessLedgerApplication.class, NamedClaims.class).profiles("postgres")
                .run("--server.port=0", "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + PostgresStore.FreshDatabase.user(),
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        "--ledger.bootstrap.token=" + TOKEN, "--spring.jmx.enabled=false",
                        "--ledger.max-events-per-process=" + MAX_EVENTS,
                        "--db-scheduler.polling-interval=100ms", "--test.token-owner=" + owner);
    }

    private static Api api(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Api("http://127.0.0.1:" + port);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what);
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

    /**
     * Names the instance's token claims, as separate JVMs are named (pid@host): two instances in one JVM would share
     * that name, hold every segment both, and count every event twice. Not a component: only this test's instances
     * use it.
     */
    static class NamedClaims {

        @Bean
        TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenSchema schema,
                              Environment environment) {
            return JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer).schema(schema)
                    .nodeId(environment.getRequiredProperty("test.token-owner")).build();
        }
    }
}
