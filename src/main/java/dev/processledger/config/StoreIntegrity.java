package dev.processledger.config;

import java.sql.SQLException;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the store has reported damage. Any part of the service that fails to read passes the failure here; once
 * one shows damage (H2's "file corrupted" and MVStore read failures, PostgreSQL's {@code XX001}/{@code XX002}),
 * readiness is DOWN for good, so a load balancer stops sending work, and the store's own message, with H2's hint to
 * use its recovery tool, is logged once. Messages of store failures hold no request data.
 */
@Component("store")
public class StoreIntegrity implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(StoreIntegrity.class);
    /** H2's error code for a damaged file. */
    private static final int H2_FILE_CORRUPTED = 90030;
    /** An index entry whose row its table does not hold: the two disagree, so the file changed under them. */
    private static final int H2_ROW_NOT_FOUND_IN_PRIMARY_INDEX = 90143;

    private static final String H2_STORE_FAILURE = "org.h2.mvstore.MVStoreException";

    private final AtomicReference<String> damage = new AtomicReference<>();

    /** Records the failure if it shows damage to the store; true when it does. */
    public boolean report(Throwable failure) {
        String message = damageIn(failure);
        if (message == null) {
            return false;
        }
        if (damage.compareAndSet(null, message)) {
            log.error(
                    "The store reports damage; readiness is DOWN until it is repaired and the service restarted: {}",
                    message);
        }
        return true;
    }

    public boolean damaged() {
        return damage.get() != null;
    }

    @Override
    public Health health() {
        String found = damage.get();
        return found == null
                ? Health.up().build()
                : Health.down().withDetail("damage", found).build();
    }

    /** What the store said about the damage (every message of its own in the chain), or null for no damage. */
    private static String damageIn(Throwable failure) {
        boolean damaged = false;
        StringJoiner said = new StringJoiner(" <- ");
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            boolean fromStore =
                    t instanceof SQLException || t.getClass().getName().equals(H2_STORE_FAILURE);
            if (fromStore && t.getMessage() != null) {
                said.add(t.getMessage());
            }
            damaged |= t instanceof SQLException sql
                    && (sql.getErrorCode() == H2_FILE_CORRUPTED
                            || sql.getErrorCode() == H2_ROW_NOT_FOUND_IN_PRIMARY_INDEX
                            || "XX001".equals(sql.getSQLState())
                            || "XX002".equals(sql.getSQLState()));
            damaged |= t.getClass().getName().equals(H2_STORE_FAILURE);
        }
        return damaged ? said.toString() : null;
    }
}
