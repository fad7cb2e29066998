-- What open inbox pages are told (issue 18): pointers (kind, account,
-- Instagram id), never text; kept for minutes.
CREATE TABLE inbox_events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    item_id    TEXT,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX inbox_events_owner ON inbox_events(owner_id, seq);
CREATE INDEX inbox_events_created ON inbox_events(created_at);
