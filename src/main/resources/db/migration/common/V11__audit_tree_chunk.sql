-- The tree hash of each full run of 1024 leaves of an organisation's digest tree (audit/TreeChunks), in order,
-- with the positions of its first and last event: an inclusion proof reads these, one run and the tail, instead
-- of every leaf.
CREATE TABLE audit_tree_chunk (
    org_id         VARCHAR(64) NOT NULL,
    chunk_index    BIGINT      NOT NULL,
    first_position BIGINT      NOT NULL,
    last_position  BIGINT      NOT NULL,
    hash           CHAR(64)    NOT NULL,
    PRIMARY KEY (org_id, chunk_index)
);
