-- The privacy policy version (its date) each user last acknowledged.
CREATE TABLE policy_acknowledgements (
    user_id         BLOB PRIMARY KEY NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version         TEXT NOT NULL,
    acknowledged_at INTEGER NOT NULL
) STRICT;
