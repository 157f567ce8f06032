package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A process was created with its step definitions; every step starts {@code pending}. */
@Revision("1")
public record ProcessCreatedEvent(String processId, String orgId, ProcessDefinition definition, Instant at)
        implements ProcessEvent {}
