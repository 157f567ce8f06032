/**
 * {@code Idempotency-Key}: claims, stored responses and their replay, for every POST. Owns
 * {@code idempotency_key}.
 */
package dev.processledger.idempotency;
