-- Each post's, reel's or story's metrics as last fetched.
CREATE TABLE media_metrics (
    account_id          BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id            BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    media_id            TEXT NOT NULL,
    product             TEXT NOT NULL,
    media_type          TEXT NOT NULL,
    caption             TEXT,
    permalink           TEXT,
    posted_at           INTEGER NOT NULL,
    reach               INTEGER,
    views               INTEGER,
    likes               INTEGER,
    comments            INTEGER,
    saves               INTEGER,
    shares              INTEGER,
    replies             INTEGER,
    avg_watch_time_ms   INTEGER,
    total_watch_time_ms INTEGER,
    fetched_at          INTEGER NOT NULL,
    PRIMARY KEY (account_id, media_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX media_metrics_posted ON media_metrics(account_id, posted_at);
