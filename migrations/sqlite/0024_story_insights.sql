-- Raw story metrics from story_insights webhooks (read by analytics).
CREATE TABLE story_insights (
    account_id  BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL,
    metric      TEXT NOT NULL,
    value       INTEGER NOT NULL,
    received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX story_insights_story ON story_insights(account_id, story_id, metric, received_at);
