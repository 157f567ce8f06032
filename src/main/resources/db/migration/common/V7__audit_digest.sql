-- Signed digests of each organisation's ledger (audit/AuditDigests): the Merkle tree hash of its event hashes in
-- global order up to a position; frontier holds the tree's perfect subtrees, to continue it for the next digest.
CREATE TABLE audit_digest (
    org_id     VARCHAR(64)              NOT NULL,
    position   BIGINT                   NOT NULL,
    size       BIGINT                   NOT NULL,
    root       CHAR(64)                 NOT NULL,
    issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(64)              NOT NULL,
    signature  VARCHAR(200)             NOT NULL,
    frontier   VARCHAR(8000)            NOT NULL,
    PRIMARY KEY (org_id, position)
);
