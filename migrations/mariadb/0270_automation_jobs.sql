-- Automation jobs (issue 19): one per (account, event), the plan the rule
-- made (actions and their results as one JSON document), the lease of the
-- worker running it and the sends it reserved against the caps. Finished
-- jobs are the rules' log and are purged after 90 days.
CREATE TABLE automation_jobs (
    id             BINARY(16) NOT NULL PRIMARY KEY,
    account_id     BINARY(16) NOT NULL,
    rule_id        BINARY(16) NOT NULL,
    event_key      VARCHAR(100) NOT NULL,
    author_id      VARCHAR(64) NOT NULL,
    media_id       VARCHAR(64) NULL,
    event_at       DATETIME(6) NOT NULL,
    seed           BIGINT NOT NULL,
    state          VARCHAR(16) NOT NULL,
    hold           VARCHAR(16) NULL,
    actions        MEDIUMTEXT NOT NULL,
    due_at         DATETIME(6) NOT NULL,
    attempts       BIGINT NOT NULL DEFAULT 0,
    reserved_sends BIGINT NOT NULL DEFAULT 0,
    reserved_at    DATETIME(6) NULL,
    lease_owner    VARCHAR(100) NULL,
    lease_until    DATETIME(6) NULL,
    detail         TEXT NULL,
    created_at     DATETIME(6) NOT NULL,
    updated_at     DATETIME(6) NOT NULL,
    UNIQUE KEY automation_jobs_event (account_id, event_key),
    KEY automation_jobs_due (state, due_at),
    KEY automation_jobs_author (account_id, author_id),
    KEY automation_jobs_rule (rule_id, created_at),
    KEY automation_jobs_reserved (account_id, reserved_at),
    CONSTRAINT automation_jobs_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT automation_jobs_rule_fk FOREIGN KEY (rule_id) REFERENCES automation_rules (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
