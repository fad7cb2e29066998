-- Each account's weekly queue slots on its owner's clock: a weekday
-- (1 = Monday … 7 = Sunday) and minutes after midnight.
CREATE TABLE queue_slots (
    account_id BINARY(16) NOT NULL,
    owner_id   BINARY(16) NOT NULL,
    weekday    TINYINT NOT NULL,
    minute     SMALLINT NOT NULL,
    PRIMARY KEY (account_id, weekday, minute),
    KEY queue_slots_owner (owner_id),
    CONSTRAINT queue_slots_weekday CHECK (weekday BETWEEN 1 AND 7),
    CONSTRAINT queue_slots_minute CHECK (minute BETWEEN 0 AND 1439),
    CONSTRAINT queue_slots_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
    CONSTRAINT queue_slots_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
-- "Add to queue" looks up the times an account's posts take.
CREATE INDEX posts_account_time ON posts (account_id, scheduled_at);
