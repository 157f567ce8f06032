-- Approval tasks (process feature): the process row lists its tasks' ids, a step row names its latest task, and
-- task_view holds each task as the tasks API answers it. A task's org_id is its process's.
ALTER TABLE process_view ADD COLUMN task_ids VARCHAR(40000);
ALTER TABLE process_step_view ADD COLUMN task_id VARCHAR(36);

CREATE TABLE task_view (
    task_id           UUID                     NOT NULL PRIMARY KEY,
    org_id            VARCHAR(64)              NOT NULL,
    process_id        UUID                     NOT NULL REFERENCES process_view (process_id),
    step_key          VARCHAR(64)              NOT NULL,
    title             VARCHAR(200)             NOT NULL,
    instructions      VARCHAR(4000),
    assignee          VARCHAR(200),
    status            VARCHAR(16)              NOT NULL,
    distinct_approver BOOLEAN                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE,
    created_by_id     VARCHAR(64),
    created_by_name   VARCHAR(200),
    completed_at      TIMESTAMP WITH TIME ZONE,
    completed_by_id   VARCHAR(64),
    completed_by_name VARCHAR(200),
    decision          VARCHAR(16),
    comment           VARCHAR(4000)
);
CREATE INDEX ix_task_view_org_status ON task_view (org_id, status, created_at);
CREATE INDEX ix_task_view_process ON task_view (process_id, created_at);
