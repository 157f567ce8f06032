/**
 * Organizations, API tokens (hashed), scopes, authentication, rate limits and CORS. Owns {@code organization}
 * and {@code api_token}.
 */
package dev.processledger.security;
