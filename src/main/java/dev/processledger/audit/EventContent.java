package dev.processledger.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessEvent;
import java.util.Map;

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

    private EventContent() {
    }

    static String type(ProcessEvent event) {
        return ProcessEvent.typeName(event.getClass().getName());
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
