-- Each account's weekly queue slots on its owner's clock: a weekday
-- (1 = Monday … 7 = Sunday) and minutes after midnight.
CREATE TABLE queue_slots (
    account_id BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    owner_id   BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    minute     INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439),
    PRIMARY KEY (account_id, weekday, minute)
) STRICT;
-- "Add to queue" looks up the times an account's posts take.
CREATE INDEX posts_account_time ON posts(account_id, scheduled_at);
