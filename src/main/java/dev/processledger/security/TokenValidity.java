package dev.processledger.security;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** What other features may ask about tokens they hold on to, such as the live stream's open connections. */
public interface TokenValidity {

    /**
     * The tokens among these that no longer work, each with the API's 401 message for it: {@code Token revoked},
     * {@code Token expired}, or {@code Invalid token} for one that no longer exists.
     */
    Map<UUID, String> noLongerWorking(Collection<UUID> tokenIds);
}
