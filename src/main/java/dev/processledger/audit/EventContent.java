package dev.processledger.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessEvent;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an event's content looks to auditors: its type name and its payload as a snake_case JSON object. Uses a
 * mapper of its own, so a change to the web's JSON settings can never change what hashes cover.
 */
final class EventContent {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    private EventContent() {
    }

    /** {@code StepStartedEvent} becomes {@code step_started}. */
    static String type(ProcessEvent event) {
        String name = event.getClass().getSimpleName().replaceFirst("Event$", "");
        return CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static Map<String, Object> data(ProcessEvent event) {
        return MAPPER.convertValue(event, JSON_OBJECT);
    }

    static AuditedEvent audited(ProcessEvent event, long sequence, Long globalPosition, Actor actor, String hash,
                                String prevHash) {
        return new AuditedEvent(event.processId(), sequence, globalPosition, type(event), event.at().toString(),
                actor, data(event), hash, prevHash);
    }
}
