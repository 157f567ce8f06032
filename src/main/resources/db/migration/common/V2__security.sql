CREATE TABLE organization (
    org_id     VARCHAR(64)              NOT NULL PRIMARY KEY,
    name       VARCHAR(200)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Only the SHA-256 of a token is stored; prefix is the first characters of the plaintext, for recognition.
CREATE TABLE api_token (
    token_id     UUID                     NOT NULL PRIMARY KEY,
    org_id       VARCHAR(64)              NOT NULL REFERENCES organization (org_id),
    name         VARCHAR(200)             NOT NULL,
    scopes       VARCHAR(500)             NOT NULL,
    token_hash   CHAR(64)                 NOT NULL,
    prefix       VARCHAR(16)              NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uk_api_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_api_token_org ON api_token (org_id, created_at);
