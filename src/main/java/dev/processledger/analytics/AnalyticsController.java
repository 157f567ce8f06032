package dev.processledger.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.http.InvalidRequestException;
import dev.processledger.http.Problems;
import dev.processledger.security.TokenPrincipal;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Delivery and step metrics of the caller's organization (docs/analytics.md), as JSON or, with
 * {@code Accept: text/csv}, as CSV rows of the same members.
 */
@RestController
@RequestMapping("/api/v1/analytics")
class AnalyticsController {

    static final String CSV = "text/csv";
    static final String JSON = "application/json";

    private final AnalyticsReports reports;
    private final AnalyticsReplay replay;
    private final Clock clock;

    AnalyticsController(AnalyticsReports reports, AnalyticsReplay replay, Clock clock) {
        this.reports = reports;
        this.replay = replay;
        this.clock = clock;
    }

    record ReplayStarted(String status) {}

    /**
     * Operators ({@code system}) rebuild the whole analytics model from the event store; answers show the replay's
     * progress in {@code as_of} and {@code lag_events}. Takes no body, or an empty JSON object.
     */
    @PostMapping("/replay")
    ResponseEntity<?> replay(@RequestBody(required = false) JsonNode body) {
        if (body != null && !(body.isObject() && body.isEmpty())) {
            throw new InvalidRequestException("body", "a replay takes no body, or an empty JSON object");
        }
        if (!replay.replay()) {
            ProblemDetail problem = Problems.of(
                    HttpStatus.CONFLICT,
                    "replay-refused",
                    "Replay refused",
                    "the analytics model could not be rebuilt: a replay runs on this instance already, "
                            + "or the reset failed");
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReplayStarted("replaying"));
    }

    @GetMapping(path = "/summary", produces = JSON)
    Answers.Summary summary(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return reports.summary(checked(caller, namespace, from, to, null, null));
    }

    @GetMapping(path = "/summary", produces = CSV)
    String summaryCsv(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return Csv.of(summary(caller, namespace, from, to));
    }

    @GetMapping(path = "/steps", produces = JSON)
    Answers.Steps steps(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return reports.steps(checked(caller, namespace, from, to, null, null));
    }

    @GetMapping(path = "/steps", produces = CSV)
    String stepsCsv(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return Csv.of(steps(caller, namespace, from, to));
    }

    @GetMapping(path = "/timeseries", produces = JSON)
    Answers.Timeseries timeseries(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String metric,
            @RequestParam(required = false) String bucket,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return reports.timeseries(checked(caller, namespace, from, to, metric == null ? "" : metric, bucket));
    }

    @GetMapping(path = "/timeseries", produces = CSV)
    String timeseriesCsv(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String metric,
            @RequestParam(required = false) String bucket,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return Csv.of(timeseries(caller, metric, bucket, namespace, from, to));
    }

    @GetMapping(path = "/delivery", produces = JSON)
    Answers.Delivery delivery(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return reports.delivery(checked(caller, namespace, from, to, null, null));
    }

    @GetMapping(path = "/delivery", produces = CSV)
    String deliveryCsv(
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return Csv.of(delivery(caller, namespace, from, to));
    }

    /** A non-null metric marks a time series request (an empty one is reported as missing). */
    private AnalyticsParameters.Checked checked(
            TokenPrincipal caller, String namespace, String from, String to, String metric, String bucket) {
        boolean series = metric != null;
        return new AnalyticsParameters(namespace, from, to, series && metric.isEmpty() ? null : metric, bucket)
                .check(caller.orgId(), clock.instant(), series);
    }
}
