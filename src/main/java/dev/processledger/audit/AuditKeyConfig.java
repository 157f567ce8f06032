package dev.processledger.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the digest signing key comes from: the setting, else its file, else a new key written to that file. */
@Configuration(proxyBeanMethods = false)
class AuditKeyConfig {

    private static final Logger log = LoggerFactory.getLogger(AuditKeyConfig.class);

    @Bean
    SigningKey auditSigningKey(AuditProperties properties, @Value("${ledger.data-dir:./data}") Path dataDir) {
        if (properties.signingKey() != null && !properties.signingKey().isBlank()) {
            SigningKey key = SigningKey.fromPem(properties.signingKey());
            log.info("Audit digests are signed with key {} from LEDGER_AUDIT_SIGNING_KEY", key.keyId());
            return key;
        }
        Path file = properties.signingKeyFile() != null
                ? properties.signingKeyFile()
                : dataDir.resolve("audit-signing-key.pem");
        boolean existed = Files.exists(file);
        SigningKey key = SigningKey.loadOrCreate(file);
        if (existed) {
            log.info("Audit digests are signed with key {} from {}", key.keyId(), file);
        } else {
            log.warn(
                    "No audit signing key was configured: generated key {} at {}. Back it up, keep it where the "
                            + "database's operators cannot reach it, and give auditors GET /api/v1/audit/public-key "
                            + "(docs/audit.md).",
                    key.keyId(),
                    file);
        }
        return key;
    }
}
