-- Where each account's inbox sync stands (issue 18): a full sync asked for
-- (connect), a process's claim on it, the last complete one.
CREATE TABLE inbox_sync_state (
    account_id   BLOB NOT NULL PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    requested_at INTEGER,
    started_at   INTEGER,
    finished_at  INTEGER
) STRICT;
