/**
 * The live stream (Server-Sent Events): one feed per instance tailing the event store, per-organization fan-out,
 * catch-up from the event index. Owns no table.
 */
package dev.processledger.live;
