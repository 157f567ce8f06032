-- Read model of the "process-view" projection: one row per process, one per step definition.
CREATE TABLE process_view (
    process_id          UUID                     NOT NULL PRIMARY KEY,
    org_id              VARCHAR(64)              NOT NULL,
    namespace           VARCHAR(200)             NOT NULL,
    name                VARCHAR(200)             NOT NULL,
    description         VARCHAR(2000),
    status              VARCHAR(16)              NOT NULL,
    current_step        VARCHAR(64),
    step_count          INTEGER                  NOT NULL,
    stale_after_seconds BIGINT,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at        TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    summary             VARCHAR(4000),
    error               VARCHAR(4000),
    version             BIGINT                   NOT NULL
);
CREATE INDEX ix_process_view_org_started ON process_view (org_id, started_at);
CREATE INDEX ix_process_view_org_status ON process_view (org_id, status, started_at);
CREATE INDEX ix_process_view_org_namespace ON process_view (org_id, namespace, started_at);

CREATE TABLE process_step_view (
    process_id       UUID                     NOT NULL REFERENCES process_view (process_id),
    step_key         VARCHAR(64)              NOT NULL,
    step_index       INTEGER                  NOT NULL,
    label            VARCHAR(200)             NOT NULL,
    human            BOOLEAN                  NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    attempt          INTEGER                  NOT NULL,
    started_sequence BIGINT,
    started_at       TIMESTAMP WITH TIME ZONE,
    completed_at     TIMESTAMP WITH TIME ZONE,
    duration_ms      BIGINT,
    detail           VARCHAR(4000),
    error            VARCHAR(4000),
    data_json        VARCHAR(20000),
    progress_message VARCHAR(4000),
    progress_percent INTEGER,
    PRIMARY KEY (process_id, step_key)
);
