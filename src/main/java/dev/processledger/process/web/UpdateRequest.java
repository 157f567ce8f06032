package dev.processledger.process.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.http.ApiExceptionHandler;
import dev.processledger.http.FieldRules;
import dev.processledger.http.InvalidRequestException;
import dev.processledger.process.api.CompleteProcessCommand;
import dev.processledger.process.api.CompleteStepCommand;
import dev.processledger.process.api.FailProcessCommand;
import dev.processledger.process.api.FailStepCommand;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.process.api.RecordProgressCommand;
import dev.processledger.process.api.StartStepCommand;
import dev.processledger.process.api.UpdateType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Body of {@code POST /processes/{id}/update}: {@code type} selects the variant, and each variant has exactly its
 * own members; a member of another variant is refused like an unknown one, even when sent as {@code null}.
 * {@code sent} names the members the body holds (with {@code null} values too); it is no member of the body.
 */
record UpdateRequest(
        String type,
        String step,
        String detail,
        JsonNode data,
        String error,
        String message,
        Integer percent,
        String summary,
        @JsonIgnore Set<String> sent) {

    /** Binds a body read as JSON, keeping which members it named. */
    static UpdateRequest read(JsonNode body, ObjectMapper json) {
        try {
            UpdateRequest request = json.treeToValue(body, UpdateRequest.class);
            if (request == null) {
                throw new InvalidRequestException("body", "body is missing or unreadable");
            }
            Set<String> names = new LinkedHashSet<>();
            body.fieldNames().forEachRemaining(names::add);
            return new UpdateRequest(
                    request.type,
                    request.step,
                    request.detail,
                    request.data,
                    request.error,
                    request.message,
                    request.percent,
                    request.summary,
                    Set.copyOf(names));
        } catch (JsonProcessingException | IllegalArgumentException unreadable) {
            throw new InvalidRequestException(List.of(ApiExceptionHandler.unreadable(unreadable)));
        }
    }

    static final int MAX_TEXT = 4000;
    static final int MAX_DATA_BYTES = 16 * 1024;
    private static final Set<UpdateType> STEP_TYPES =
            EnumSet.of(UpdateType.STEP_STARTED, UpdateType.PROGRESS, UpdateType.STEP_COMPLETED, UpdateType.STEP_FAILED);
    private static final Set<UpdateType> ERROR_REQUIRED = EnumSet.of(UpdateType.STEP_FAILED, UpdateType.FAILED);
    /** The members each update type has besides {@code type}. */
    static final Map<UpdateType, List<String>> MEMBERS = new EnumMap<>(Map.of(
            UpdateType.STEP_STARTED, List.of("step", "detail"),
            UpdateType.STEP_COMPLETED, List.of("step", "detail", "data"),
            UpdateType.STEP_FAILED, List.of("step", "error"),
            UpdateType.PROGRESS, List.of("step", "message", "percent"),
            UpdateType.COMPLETED, List.of("summary"),
            UpdateType.FAILED, List.of("error")));

    /** Validates the body for its type and turns it into that type's command. */
    ProcessUpdateCommand toCommand(String processId, String orgId, Instant at, ObjectMapper json) {
        if (type == null) {
            throw new InvalidRequestException("type", "type is required");
        }
        UpdateType updateType = UpdateType.fromWireName(type)
                .orElseThrow(() -> new InvalidRequestException(
                        "type",
                        "type must be one of step_started, step_completed, step_failed, progress, completed, failed"));
        FieldRules rules = new FieldRules();
        present()
                .forEach(member -> rules.check(
                        MEMBERS.get(updateType).contains(member),
                        member,
                        "%s is not a member of a %s update".formatted(member, type)));
        if (STEP_TYPES.contains(updateType)) {
            rules.text("step", step, 1, 64, null, null);
        }
        if (ERROR_REQUIRED.contains(updateType)) {
            rules.text("error", error, 1, MAX_TEXT, null, null);
        }
        switch (updateType) {
            case STEP_STARTED -> rules.optionalText("detail", detail, MAX_TEXT);
            case STEP_COMPLETED -> {
                rules.optionalText("detail", detail, MAX_TEXT);
                checkData(rules, json);
            }
            case PROGRESS ->
                rules.optionalText("message", message, MAX_TEXT)
                        .check(
                                percent == null || (percent >= 0 && percent <= 100),
                                "percent",
                                "percent must be an integer from 0 to 100");
            case COMPLETED -> rules.optionalText("summary", summary, MAX_TEXT);
            default -> {}
        }
        rules.throwIfAny();
        return switch (updateType) {
            case STEP_STARTED -> new StartStepCommand(processId, orgId, step, detail, at);
            case PROGRESS -> new RecordProgressCommand(processId, orgId, step, message, percent, at);
            case STEP_COMPLETED -> new CompleteStepCommand(processId, orgId, step, detail, dataMap(json), at);
            case STEP_FAILED -> new FailStepCommand(processId, orgId, step, error, at);
            case COMPLETED -> new CompleteProcessCommand(processId, orgId, summary, at);
            case FAILED -> new FailProcessCommand(processId, orgId, error, at);
        };
    }

    /** The members sent besides {@code type}, whatever their value. */
    private List<String> present() {
        return sent.stream().filter(member -> !member.equals("type")).toList();
    }

    private boolean hasData() {
        return data != null && !data.isNull();
    }

    private void checkData(FieldRules rules, ObjectMapper json) {
        if (!hasData()) {
            return;
        }
        if (!data.isObject()) {
            rules.fail("data", "data must be a JSON object");
            return;
        }
        Optional<String> problem = StepData.problem(data);
        if (problem.isPresent()) {
            rules.fail("data", problem.get());
            return;
        }
        try {
            rules.check(
                    json.writeValueAsBytes(data).length <= MAX_DATA_BYTES,
                    "data",
                    "data must be at most %d bytes of JSON".formatted(MAX_DATA_BYTES));
        } catch (JsonProcessingException e) {
            rules.fail("data", "data must be a JSON object");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> dataMap(ObjectMapper json) {
        return hasData() ? json.convertValue(data, Map.class) : null;
    }
}
