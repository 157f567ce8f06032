-- The hash chain of every process's events (docs/audit.md), written in the same transaction as the events.
-- global_index, org_id, namespace and occurred_at let the export and the live stream read an organisation's
-- events in global order through one index, without touching the read models.
CREATE TABLE event_audit (
    aggregate_identifier VARCHAR(255)             NOT NULL,
    sequence_number      BIGINT                   NOT NULL,
    global_index         BIGINT                   NOT NULL,
    org_id               VARCHAR(64)              NOT NULL,
    namespace            VARCHAR(200)             NOT NULL,
    occurred_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    hash                 CHAR(64)                 NOT NULL,
    prev_hash            CHAR(64),
    PRIMARY KEY (aggregate_identifier, sequence_number)
);
CREATE UNIQUE INDEX ix_event_audit_org_position ON event_audit (org_id, global_index);
