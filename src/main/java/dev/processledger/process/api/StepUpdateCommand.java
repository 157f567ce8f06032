package dev.processledger.process.api;

/** An update that names one step of the process. */
public sealed interface StepUpdateCommand extends ProcessUpdateCommand
        permits StartStepCommand, RecordProgressCommand, CompleteStepCommand, FailStepCommand {

    String step();
}
