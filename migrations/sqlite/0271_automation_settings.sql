-- Per-account automation switch and caps (issue 19); no row: running with
-- the default caps.
CREATE TABLE automation_settings (
    account_id BLOB NOT NULL PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    paused     TEXT,
    hourly_cap INTEGER NOT NULL,
    daily_cap  INTEGER NOT NULL
) STRICT;
