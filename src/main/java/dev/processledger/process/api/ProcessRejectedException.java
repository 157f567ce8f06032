package dev.processledger.process.api;

/**
 * The aggregate refused a command; nothing was appended. The {@link Reason} decides how clients see it.
 * {@code currentStatus} is the wire name of the step's or the process's status at the time of refusal.
 */
public class ProcessRejectedException extends RuntimeException {

    /** Why a command was refused. */
    public enum Reason {
        /** No such process in the caller's organisation. */
        NOT_FOUND,
        /** The update names a step the process was not created with. */
        UNKNOWN_STEP,
        /** The step's current status does not allow this update. */
        ILLEGAL_TRANSITION,
        /** The process is completed or failed: it takes no more updates. */
        PROCESS_FINISHED,
        /** The process holds the maximum number of events. */
        HISTORY_FULL,
        /** A create named a process id that already exists with another definition. */
        ID_IN_USE
    }

    private final Reason reason;
    private final String processId;
    private final String step;
    private final String currentStatus;

    public ProcessRejectedException(Reason reason, String processId, String step, String currentStatus,
                                    String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.processId = processId;
        this.step = step;
        this.currentStatus = currentStatus;
    }

    public Reason reason() {
        return reason;
    }

    public String processId() {
        return processId;
    }

    public String step() {
        return step;
    }

    public String currentStatus() {
        return currentStatus;
    }
}
