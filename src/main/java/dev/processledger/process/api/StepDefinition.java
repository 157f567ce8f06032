package dev.processledger.process.api;

/** One step a process is created with: a unique key, a display label and whether a person performs it. */
public record StepDefinition(String key, String label, boolean human) {}
