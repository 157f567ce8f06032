/**
 * Small shared helpers every feature may use (ids, namespaces, database instants). Uses no feature.
 */
package dev.processledger.platform;
