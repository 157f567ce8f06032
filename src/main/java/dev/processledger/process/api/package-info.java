/**
 * What the process feature publishes: commands, events, their stable type names ({@link
 * dev.processledger.process.api.EventTypes}), query messages and answers, and {@link
 * dev.processledger.process.api.ProcessDirectory}. Depends on the JDK and a few annotations only.
 */
package dev.processledger.process.api;
