/**
 * Analytics: a projection on a pooled streaming processor of its own (never in an update's transaction) into hourly
 * and daily buckets with mergeable duration sketches, and the endpoints that merge them. Owns the
 * {@code analytics_*} tables and reads its processor's positions in {@code token_entry}.
 */
package dev.processledger.analytics;
