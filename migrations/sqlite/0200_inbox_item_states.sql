-- Triage states of inbox items, apart from the cache so the refresh's
-- upserts keep them. kind: 'c' = a top-level comment, 'd' = a conversation.
-- Deleted with the account (cascade), with the cached item (comment
-- deletion) and by the retention purge once the item is gone.
CREATE TABLE inbox_item_states (
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    done_at    INTEGER NOT NULL,
    done_by    BLOB NOT NULL,
    PRIMARY KEY (account_id, kind, item_id)
) STRICT;
