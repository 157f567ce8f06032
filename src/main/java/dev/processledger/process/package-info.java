/**
 * Processes: the aggregate that decides each update ({@code command}), the messages and published interfaces other
 * features may use ({@code api}), the read model of processes and steps ({@code query}, owner of
 * {@code process_view} and {@code process_step_view}) and their HTTP endpoints ({@code web}).
 */
package dev.processledger.process;
