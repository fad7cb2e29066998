-- Triage states of inbox items, apart from the cache so the refresh's
-- upserts keep them. kind: 'c' = a top-level comment, 'd' = a conversation.
-- Deleted with the account (cascade), with the cached item (comment
-- deletion) and by the retention purge once the item is gone.
CREATE TABLE inbox_item_states (
    account_id BINARY(16) NOT NULL,
    kind       CHAR(1) NOT NULL,
    item_id    VARCHAR(255) NOT NULL,
    done_at    DATETIME(6) NOT NULL,
    done_by    BINARY(16) NOT NULL,
    PRIMARY KEY (account_id, kind, item_id),
    CONSTRAINT inbox_item_states_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
