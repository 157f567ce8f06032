package dev.processledger.process.query;

import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.TimelineEntry;
import java.time.Instant;
import java.util.Map;

/** One timeline entry of a {@link ProcessView}: the state of a step's last attempt. */
final class StepView {

    private final StepDefinition definition;
    private final int index;
    private StepStatus status;
    private int attempt;
    private long startedSequence;
    private Instant startedAt;
    private Instant completedAt;
    private String detail;
    private String error;
    private Map<String, Object> data;
    private String progressMessage;
    private Integer progressPercent;
    private String taskId;

    StepView(StepDefinition definition, int index) {
        this.definition = definition;
        this.index = index;
    }

    static StepView pending(StepDefinition definition, int index) {
        StepView step = new StepView(definition, index);
        step.status = StepStatus.PENDING;
        step.startedSequence = -1;
        return step;
    }

    /** A new attempt: everything the previous attempt reported is cleared. */
    void start(int newAttempt, String startDetail, Instant at, long sequence) {
        status = StepStatus.RUNNING;
        attempt = newAttempt;
        startedSequence = sequence;
        startedAt = at;
        completedAt = null;
        detail = startDetail;
        error = null;
        data = null;
        progressMessage = null;
        progressPercent = null;
    }

    /** A message or percent left out of a progress update keeps its previous value. */
    void progress(String message, Integer percent) {
        if (message != null) {
            progressMessage = message;
        }
        if (percent != null) {
            progressPercent = percent;
        }
    }

    /**
     * Ends the current attempt. A step finished straight from {@code pending} (an {@code attempt} other than the
     * current one) started at the same instant.
     */
    StepView finish(StepStatus finalStatus, Integer finishedAttempt, Instant at, long sequence) {
        if (finishedAttempt != null && finishedAttempt != attempt) {
            attempt = finishedAttempt;
            startedAt = at;
            startedSequence = sequence;
        } else if (startedAt == null) {
            startedAt = at;
        }
        status = finalStatus;
        completedAt = at;
        return this;
    }

    void complete(String completionDetail, Map<String, Object> result) {
        if (completionDetail != null) {
            detail = completionDetail;
        }
        data = result;
    }

    void fail(String failure) {
        error = failure;
    }

    void skip() {
        status = StepStatus.SKIPPED;
    }

    /** The step's latest approval task. */
    void task(String id) {
        taskId = id;
    }

    Long durationMs() {
        return startedAt == null || completedAt == null ? null : completedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    TimelineEntry toEntry() {
        return new TimelineEntry(
                key(),
                definition.label(),
                status,
                definition.human(),
                attempt,
                startedAt,
                completedAt,
                durationMs(),
                detail,
                error,
                data,
                progressMessage,
                progressPercent,
                taskId);
    }

    void restore(
            StepStatus status,
            int attempt,
            long startedSequence,
            Instant startedAt,
            Instant completedAt,
            String detail,
            String error,
            Map<String, Object> data,
            String progressMessage,
            Integer progressPercent) {
        this.status = status;
        this.attempt = attempt;
        this.startedSequence = startedSequence;
        this.startedAt = startedAt;
        this.completedAt = completedAt;
        this.detail = detail;
        this.error = error;
        this.data = data;
        this.progressMessage = progressMessage;
        this.progressPercent = progressPercent;
    }

    String key() {
        return definition.key();
    }

    StepDefinition definition() {
        return definition;
    }

    int index() {
        return index;
    }

    StepStatus status() {
        return status;
    }

    int attempt() {
        return attempt;
    }

    long startedSequence() {
        return startedSequence;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant completedAt() {
        return completedAt;
    }

    String detail() {
        return detail;
    }

    String error() {
        return error;
    }

    Map<String, Object> data() {
        return data;
    }

    String progressMessage() {
        return progressMessage;
    }

    Integer progressPercent() {
        return progressPercent;
    }

    String taskId() {
        return taskId;
    }
}
