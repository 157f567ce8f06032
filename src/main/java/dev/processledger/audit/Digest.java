package dev.processledger.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed statement of an organization's ledger: the RFC 9162 Merkle tree hash ({@code root}) of its first
 * {@code size} event hashes in global order, up to and including global {@code position}, at {@code issuedAt}.
 * The signature is Ed25519 over the RFC 8785 canonical JSON of every other member.
 */
public record Digest(
        String orgId, long position, long size, String root, String issuedAt, String keyId, String signature) {

    static final String ALGORITHM = "Ed25519";

    /** The members the signature covers, as the wire names them. */
    Map<String, Object> signedContent() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("org_id", orgId);
        content.put("position", position);
        content.put("size", size);
        content.put("root", root);
        content.put("issued_at", issuedAt);
        content.put("key_id", keyId);
        content.put("algorithm", ALGORITHM);
        return content;
    }

    /** The digest as the API answers it and the digest file holds it. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = signedContent();
        json.put("signature", signature);
        return json;
    }
}
