-- The admin's audit view filters by kind.
CREATE INDEX audit_events_kind_at ON audit_events (kind, at);
