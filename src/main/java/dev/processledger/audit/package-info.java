/**
 * The history as auditors see it: audit records and their hash chain, signed digests and inclusion proofs, the
 * export, and the index other features read the history through ({@link dev.processledger.audit.EventIndex}).
 * Owns {@code event_audit}, {@code audit_digest}, {@code audit_tree_chunk} and the event store's tables for
 * reading.
 */
package dev.processledger.audit;
