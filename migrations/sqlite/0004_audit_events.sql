-- Security-relevant events. A user's events go when the user goes.
CREATE TABLE audit_events (
    id      BLOB PRIMARY KEY NOT NULL,
    at      INTEGER NOT NULL,
    user_id BLOB REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    ip      TEXT NOT NULL,
    detail  TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_user_at ON audit_events(user_id, at);
CREATE INDEX audit_events_at ON audit_events(at);
