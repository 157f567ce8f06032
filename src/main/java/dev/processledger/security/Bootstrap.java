package dev.processledger.security;

import dev.processledger.config.LedgerProperties;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start with an empty store: creates organization {@code default} and a token with every scope.
 * A generated token is logged once; a token given as {@code LEDGER_BOOTSTRAP_TOKEN} is used and never logged.
 */
@Component
class Bootstrap implements ApplicationRunner {

    static final String DEFAULT_ORG = "default";
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    private static final Set<Scope> SCOPES =
            Set.of(Scope.SYSTEM, Scope.ADMIN, Scope.PROCESSES_READ, Scope.PROCESSES_WRITE);

    private final CredentialRepository repository;
    private final CredentialService credentials;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String configuredToken;

    Bootstrap(
            CredentialRepository repository,
            CredentialService credentials,
            TransactionTemplate transaction,
            Clock clock,
            LedgerProperties properties) {
        this.repository = repository;
        this.credentials = credentials;
        this.transaction = transaction;
        this.clock = clock;
        this.configuredToken = properties.bootstrap().token();
        if (configuredToken != null && !TokenSecrets.wellFormed(configuredToken)) {
            throw new IllegalArgumentException(
                    "LEDGER_BOOTSTRAP_TOKEN must be htk_ followed by 64 lowercase hex digits");
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (repository.anyOrganization()) {
            if (configuredToken != null
                    && repository.findByHash(TokenSecrets.hash(configuredToken)).isEmpty()) {
                log.warn("LEDGER_BOOTSTRAP_TOKEN is ignored: it is not a token of this store, which already has "
                        + "organizations (the bootstrap token is installed only on the first start). For a new admin "
                        + "token, stop the service and run: "
                        + "java -jar process-ledger.jar admin issue-token --org default --name recovery");
            }
            return;
        }
        String plaintext = configuredToken != null ? configuredToken : TokenSecrets.generate();
        try {
            transaction.executeWithoutResult(status -> {
                repository.insertOrganization(DEFAULT_ORG, DEFAULT_ORG, clock.instant());
                credentials.issueToken(DEFAULT_ORG, "bootstrap", SCOPES, null, plaintext);
            });
        } catch (DuplicateKeyException e) {
            log.info("Another instance created the default organization first");
            return;
        }
        if (configuredToken == null) {
            log.warn("Bootstrap admin token: {}", plaintext);
        } else {
            log.info("Bootstrap admin token installed from LEDGER_BOOTSTRAP_TOKEN");
        }
    }
}
