-- The shared revocation epoch (issue 20): one row, bumped in the same
-- transaction as every write that ends a session or token or changes a
-- user. Each server process uses a cached authentication answer only while
-- this number is unchanged, so a revocation made by any process (or the
-- CLI) is seen by all of them on their next request.
CREATE TABLE auth_epoch (
    id    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    epoch INTEGER NOT NULL
) STRICT;
INSERT INTO auth_epoch (id, epoch) VALUES (1, 0);
