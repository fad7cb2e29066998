-- Automation jobs (issue 19): one per (account, event), the plan the rule
-- made (actions and their results as one JSON document), the lease of the
-- worker running it and the sends it reserved against the caps. Finished
-- jobs are the rules' log and are purged after 90 days.
CREATE TABLE automation_jobs (
    id             BLOB NOT NULL PRIMARY KEY,
    account_id     BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    rule_id        BLOB NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
    event_key      TEXT NOT NULL,
    author_id      TEXT NOT NULL,
    media_id       TEXT,
    event_at       INTEGER NOT NULL,
    seed           INTEGER NOT NULL,
    state          TEXT NOT NULL,
    hold           TEXT,
    actions        TEXT NOT NULL,
    due_at         INTEGER NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    reserved_sends INTEGER NOT NULL DEFAULT 0,
    reserved_at    INTEGER,
    lease_owner    TEXT,
    lease_until    INTEGER,
    detail         TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (account_id, event_key)
) STRICT;
CREATE INDEX automation_jobs_due ON automation_jobs (state, due_at);
CREATE INDEX automation_jobs_author ON automation_jobs (account_id, author_id);
CREATE INDEX automation_jobs_rule ON automation_jobs (rule_id, created_at);
CREATE INDEX automation_jobs_reserved ON automation_jobs (account_id, reserved_at);
