-- Uploaded media files. The contents live in the media directory under the
-- id; `probe` holds what probing found (JSON).
CREATE TABLE media_files (
    id            BINARY(16) NOT NULL PRIMARY KEY,
    owner_id      BINARY(16) NOT NULL,
    kind          VARCHAR(16) NOT NULL,
    content_type  VARCHAR(64) NOT NULL,
    byte_size     BIGINT NOT NULL,
    original_name VARCHAR(1024) NOT NULL,
    probe         TEXT NOT NULL,
    status        VARCHAR(32) NOT NULL,
    progress      BIGINT NOT NULL DEFAULT 0,
    status_detail TEXT NULL,
    created_at    DATETIME(6) NOT NULL,
    updated_at    DATETIME(6) NOT NULL,
    KEY media_files_owner (owner_id, created_at),
    KEY media_files_status (status, updated_at),
    CONSTRAINT media_files_kind CHECK (kind IN ('image', 'video')),
    CONSTRAINT media_files_status_values CHECK (status IN ('ready', 'needs_transcode', 'transcoding', 'transcode_failed')),
    CONSTRAINT media_files_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
