-- Uploaded media files. The contents live in the media directory under the
-- id; `probe` holds what probing found (JSON).
CREATE TABLE media_files (
    id            BLOB PRIMARY KEY NOT NULL,
    owner_id      BLOB NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('image', 'video')),
    content_type  TEXT NOT NULL,
    byte_size     INTEGER NOT NULL,
    original_name TEXT NOT NULL,
    probe         TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ready', 'needs_transcode', 'transcoding', 'transcode_failed')),
    progress      INTEGER NOT NULL DEFAULT 0,
    status_detail TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX media_files_owner ON media_files(owner_id, created_at);
CREATE INDEX media_files_status ON media_files(status, updated_at);
