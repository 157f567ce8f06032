-- Idempotency keys of POST requests, per organisation (see process/web/IdempotencyKeys). A key is in_flight
-- while its first request runs; done rows hold the response, written in the transaction of the appended events.
CREATE TABLE idempotency_key (
    org_id          VARCHAR(64)              NOT NULL,
    idem_key        VARCHAR(255)             NOT NULL,
    request_hash    CHAR(64)                 NOT NULL,
    state           VARCHAR(16)              NOT NULL,
    response_status INTEGER,
    response_body   VARCHAR(4000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (org_id, idem_key)
);
CREATE INDEX ix_idempotency_key_created ON idempotency_key (created_at);
