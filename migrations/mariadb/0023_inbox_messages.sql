-- Cached direct messages; attachments as "kind<TAB>url" lines.
CREATE TABLE inbox_messages (
    account_id         BINARY(16) NOT NULL,
    id                 VARCHAR(255) NOT NULL,
    conversation_id    VARCHAR(255) NOT NULL,
    sender_id          VARCHAR(64) NOT NULL,
    sender_username    VARCHAR(64) NULL,
    recipient_id       VARCHAR(64) NOT NULL,
    recipient_username VARCHAR(64) NULL,
    text               TEXT NULL,
    attachments        TEXT NOT NULL,
    created_at         DATETIME(6) NOT NULL,
    inbound            BOOLEAN NOT NULL,
    fetched_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, id),
    KEY inbox_messages_conversation (account_id, conversation_id, created_at),
    KEY inbox_messages_fetched (fetched_at),
    CONSTRAINT inbox_messages_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
