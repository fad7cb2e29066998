-- Cached direct-message conversations; read_at survives refreshes.
CREATE TABLE inbox_conversations (
    account_id           BINARY(16) NOT NULL,
    id                   VARCHAR(255) NOT NULL,
    participant_id       VARCHAR(64) NOT NULL,
    participant_username VARCHAR(64) NULL,
    last_message_at      DATETIME(6) NULL,
    last_inbound_at      DATETIME(6) NULL,
    read_at              DATETIME(6) NULL,
    fetched_at           DATETIME(6) NOT NULL,
    PRIMARY KEY (account_id, id),
    KEY inbox_conversations_participant (account_id, participant_id),
    KEY inbox_conversations_fetched (fetched_at),
    CONSTRAINT inbox_conversations_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
