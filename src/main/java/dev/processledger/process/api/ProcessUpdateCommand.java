package dev.processledger.process.api;

import java.time.Instant;

/** A client's update to an existing process; every update type is one record implementing this. */
public sealed interface ProcessUpdateCommand permits StepUpdateCommand, CompleteProcessCommand, FailProcessCommand {

    String processId();

    /** The organization of the caller: a process of another organization is reported as missing. */
    String orgId();

    /** Server time at which the update was received. */
    Instant at();

    UpdateType type();
}
