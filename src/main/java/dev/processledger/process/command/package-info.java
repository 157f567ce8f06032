/**
 * The write side: the {@code Process} aggregate, its pure rules ({@code ProcessRules}, {@code ProcessState}) and
 * limits, and its Axon wiring. Knows nothing of reads, HTTP or SQL.
 */
package dev.processledger.process.command;
