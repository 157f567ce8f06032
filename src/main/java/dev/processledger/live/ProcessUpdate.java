package dev.processledger.live;

import java.time.Instant;

/**
 * One message of the live stream: a change to a process, identified by the global position of the event that
 * caused it. {@code update} is the event's type ({@code step_started}, ...).
 */
record ProcessUpdate(long position, String orgId, String update, long sequence, Process process) {

    /** The process after the change, as the list shows it. */
    record Process(
            String processId,
            String namespace,
            String name,
            String status,
            String currentStep,
            Instant updatedAt,
            long version) {}

    /** The SSE {@code data}: HPI's {@code {type, process}} plus what changed. */
    Object payload() {
        return new Payload("process_update", update, sequence, process);
    }

    record Payload(String type, String update, long sequence, Process process) {}
}
