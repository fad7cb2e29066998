-- Single-use OAuth `state` values, bound to the session that started the flow.
CREATE TABLE oauth_states (
    digest         TEXT PRIMARY KEY NOT NULL,
    user_id        BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_digest TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX oauth_states_expiry ON oauth_states(expires_at);
