package dev.processledger.process.api;

import java.util.Map;

/**
 * Who caused an event: the token that sent the update. Travels as command metadata and is copied onto every
 * event the command appends; never carries a secret.
 */
public record Actor(String tokenId, String tokenName) {

    public static final String TOKEN_ID = "actor_token_id";
    public static final String TOKEN_NAME = "actor_token_name";

    public Map<String, String> toMetaData() {
        return Map.of(TOKEN_ID, tokenId, TOKEN_NAME, tokenName);
    }

    /** The actor recorded in an event's metadata, or null for an event the server caused. */
    public static Actor fromMetaData(Map<String, ?> metaData) {
        Object id = metaData.get(TOKEN_ID);
        return id == null ? null : new Actor(id.toString(), String.valueOf(metaData.get(TOKEN_NAME)));
    }
}
