/**
 * What every endpoint shares: problem responses, field rules, request-body and slow-client limits, the served
 * contract. No feature logic and no SQL.
 */
package dev.processledger.http;
