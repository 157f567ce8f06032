-- Read model of the "analytics" streaming projection (package analytics): what it needs to follow each process and
-- each (namespace, name) series, and buckets of counters and duration sketches that queries merge: one per hour
-- (span_ms 3600000) and one per UTC day (span_ms 86400000), so a long range reads few rows.
CREATE TABLE analytics_process (
    process_id VARCHAR(64)               NOT NULL PRIMARY KEY,
    state      CHARACTER VARYING(1000000) NOT NULL
);

CREATE TABLE analytics_series (
    org_id     VARCHAR(64)  NOT NULL,
    namespace  VARCHAR(200) NOT NULL,
    name       VARCHAR(200) NOT NULL,
    open_since BIGINT,
    open_hour  BIGINT,
    PRIMARY KEY (org_id, namespace, name)
);

CREATE TABLE analytics_process_bucket (
    org_id     VARCHAR(64)  NOT NULL,
    namespace  VARCHAR(200) NOT NULL,
    span_ms    BIGINT       NOT NULL,
    hour_start BIGINT       NOT NULL,
    started    BIGINT       NOT NULL,
    completed  BIGINT       NOT NULL,
    failed     BIGINT       NOT NULL,
    duration   VARBINARY,
    lead_time  VARBINARY,
    restore    VARBINARY,
    PRIMARY KEY (org_id, namespace, span_ms, hour_start)
);
CREATE INDEX ix_analytics_process_bucket_hour ON analytics_process_bucket (org_id, span_ms, hour_start);

CREATE TABLE analytics_step_bucket (
    org_id     VARCHAR(64)  NOT NULL,
    namespace  VARCHAR(200) NOT NULL,
    span_ms    BIGINT       NOT NULL,
    hour_start BIGINT       NOT NULL,
    step       VARCHAR(64)  NOT NULL,
    runs       BIGINT       NOT NULL,
    attempts   BIGINT       NOT NULL,
    retried    BIGINT       NOT NULL,
    completed  BIGINT       NOT NULL,
    failed     BIGINT       NOT NULL,
    timed_out  BIGINT       NOT NULL,
    skipped    BIGINT       NOT NULL,
    cancelled  BIGINT       NOT NULL,
    duration   VARBINARY,
    human_wait VARBINARY,
    PRIMARY KEY (org_id, namespace, span_ms, hour_start, step)
);
CREATE INDEX ix_analytics_step_bucket_hour ON analytics_step_bucket (org_id, span_ms, hour_start);
