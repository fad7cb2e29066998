-- Cached direct messages; attachments as "kind<TAB>url" lines.
CREATE TABLE inbox_messages (
    account_id         BLOB NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    id                 TEXT NOT NULL,
    conversation_id    TEXT NOT NULL,
    sender_id          TEXT NOT NULL,
    sender_username    TEXT,
    recipient_id       TEXT NOT NULL,
    recipient_username TEXT,
    text               TEXT,
    attachments        TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    inbound            INTEGER NOT NULL,
    fetched_at         INTEGER NOT NULL,
    PRIMARY KEY (account_id, id)
) STRICT;
CREATE INDEX inbox_messages_conversation ON inbox_messages(account_id, conversation_id, created_at);
CREATE INDEX inbox_messages_fetched ON inbox_messages(fetched_at);
