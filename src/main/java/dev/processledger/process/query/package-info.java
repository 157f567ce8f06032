/**
 * The read side: the process view kept in the event's own transaction, its queries, replays of a history to
 * any point, and per-organization rebuilds. Owns {@code process_view} and {@code process_step_view}.
 */
package dev.processledger.process.query;
