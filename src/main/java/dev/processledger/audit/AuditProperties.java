package dev.processledger.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signed digests of the ledger ({@code ledger.audit.*}).
 *
 * @param signingKey     the Ed25519 private key as PKCS#8 PEM text ({@code LEDGER_AUDIT_SIGNING_KEY}); overrides the file
 * @param signingKeyFile the key's PEM file; by default {@code audit-signing-key.pem} in {@code ledger.data-dir},
 *                       generated on the first start when missing
 * @param digestInterval how often each organization's ledger is digested, signed and published
 * @param digestSettle   how old the newest event of a digest must be: an event still being committed then could
 *                       otherwise land at an earlier position than the digest covers
 * @param digestFile     the file every published digest is appended to (one JSON line each); by default
 *                       {@code audit-digests.ndjson} in {@code ledger.data-dir}
 */
@ConfigurationProperties("ledger.audit")
public record AuditProperties(
        String signingKey,
        Path signingKeyFile,
        @DefaultValue("10m") Duration digestInterval,
        @DefaultValue("10s") Duration digestSettle,
        Path digestFile) {}
