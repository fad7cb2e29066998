-- Cached direct-message conversations; read_at survives refreshes.
CREATE TABLE inbox_conversations (
    account_id           BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    id                   TEXT NOT NULL,
    participant_id       TEXT NOT NULL,
    participant_username TEXT,
    last_message_at      INTEGER,
    last_inbound_at      INTEGER,
    read_at              INTEGER,
    fetched_at           INTEGER NOT NULL,
    PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX inbox_conversations_participant ON inbox_conversations(account_id, participant_id);
CREATE INDEX inbox_conversations_fetched ON inbox_conversations(fetched_at);
