/**
 * Application-wide configuration: {@code ledger.*} properties, Axon's storage and serialization, store health.
 * Features depend on it; it depends on no feature.
 */
package dev.processledger.config;
