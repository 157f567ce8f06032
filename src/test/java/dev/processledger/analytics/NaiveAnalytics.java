package dev.processledger.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every analytics figure computed the obvious way from an organization's exported events (global order): plain lists
 * of durations, exact percentiles, no buckets and no sketches. What the endpoints answer is compared with this.
 */
final class NaiveAnalytics {

    private static final long HOUR = 3_600_000L;

    /** A process as its events tell it. */
    static final class Process {
        String namespace;
        String name;
        long startedAt;
        Long finishedAt;
        Boolean completed;
        final Map<String, Boolean> human = new HashMap<>();
        final Map<String, Long> runningSince = new HashMap<>();
        final Map<String, Integer> attempts = new HashMap<>();

        long hour() {
            return Math.floorDiv(startedAt, HOUR) * HOUR;
        }
    }

    /** One step attempt, skip or cancel, attributed to its process. */
    record StepFact(Process process, String step, String kind, Long duration, boolean human) {}

    final Map<String, Process> processes = new HashMap<>();
    final List<StepFact> stepFacts = new ArrayList<>();
    /** Times to restore, with the process whose failure opened the incident. */
    final List<Map.Entry<Process, Long>> restores = new ArrayList<>();

    NaiveAnalytics(List<JsonNode> exportLines) {
        Map<String, Long> openSince = new HashMap<>();
        Map<String, Process> openedBy = new HashMap<>();
        for (JsonNode line : exportLines) {
            String type = line.path("type").asText();
            JsonNode data = line.path("data");
            long at = Instant.parse(line.path("occurred_at").asText()).toEpochMilli();
            if (type.equals("process_created")) {
                Process p = new Process();
                p.namespace = data.path("definition").path("namespace").asText();
                p.name = data.path("definition").path("name").asText();
                p.startedAt = at;
                for (JsonNode step : data.path("definition").path("steps")) {
                    p.human.put(step.path("key").asText(), step.path("human").asBoolean());
                }
                processes.put(line.path("process_id").asText(), p);
                continue;
            }
            Process p = processes.get(line.path("process_id").asText());
            String step = data.path("step").asText(null);
            switch (type) {
                case "step_started" -> {
                    p.attempts.merge(step, 1, Integer::sum);
                    stepFacts.add(new StepFact(p, step, "attempt", null, false));
                    p.runningSince.put(step, at);
                }
                case "step_completed", "step_failed", "step_timed_out" -> {
                    Long since = p.runningSince.remove(step);
                    if (since == null) {
                        p.attempts.merge(step, 1, Integer::sum);
                        stepFacts.add(new StepFact(p, step, "attempt", null, false));
                        since = at;
                    }
                    stepFacts.add(new StepFact(p, step, type.substring(5), at - since, p.human.get(step)));
                }
                case "step_cancelled" -> {
                    p.runningSince.remove(step);
                    stepFacts.add(new StepFact(p, step, "cancelled", null, false));
                }
                case "step_skipped" -> stepFacts.add(new StepFact(p, step, "skipped", null, false));
                case "process_completed", "process_failed" -> {
                    p.finishedAt = at;
                    p.completed = type.equals("process_completed");
                    String series = p.namespace + "\n" + p.name;
                    if (!p.completed && !openSince.containsKey(series)) {
                        openSince.put(series, at);
                        openedBy.put(series, p);
                    } else if (p.completed && openSince.containsKey(series)) {
                        restores.add(Map.entry(openedBy.remove(series), at - openSince.remove(series)));
                    }
                }
                default -> {
                    // progress: no figure
                }
            }
        }
    }

    /** Processes of the namespace (null: all) that started in [from, to). */
    List<Process> started(String namespace, long from, long to) {
        return processes.values().stream()
                .filter(p -> in(p, namespace, from, to))
                .toList();
    }

    static boolean in(Process p, String namespace, long from, long to) {
        return (namespace == null || p.namespace.equals(namespace)) && p.startedAt >= from && p.startedAt < to;
    }

    /** The exact nearest-rank percentile: the value at rank ceil(fraction * n) of the sorted values. */
    static Long percentile(List<Long> values, double fraction) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.max(1, Math.ceil(fraction * sorted.size() - 1e-9));
        return sorted.get(rank - 1);
    }

    /** Per (namespace, step) of processes started in the range: the facts. */
    TreeMap<String, List<StepFact>> steps(String namespace, long from, long to) {
        TreeMap<String, List<StepFact>> rows = new TreeMap<>();
        for (StepFact fact : stepFacts) {
            if (in(fact.process(), namespace, from, to)) {
                rows.computeIfAbsent(fact.process().namespace + "\n" + fact.step(), k -> new ArrayList<>())
                        .add(fact);
            }
        }
        return rows;
    }
}
