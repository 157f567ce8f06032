/**
 * HTTP endpoints of processes and projections, request validation, and the mapping of the aggregate's
 * refusals to problems.
 */
package dev.processledger.process.web;
