-- Editing until the publish call (issue 17): the content revision a post is
-- at, the revision its containers were built from (only those are ever
-- published), and when the first of them was made (they expire in 24 h).
ALTER TABLE posts
    ADD COLUMN content_rev INT UNSIGNED NOT NULL DEFAULT 1,
    ADD COLUMN containers_rev INT UNSIGNED NULL,
    ADD COLUMN containers_at DATETIME(6) NULL;
-- Containers made before this migration were built from revision 1.
UPDATE posts SET containers_rev = 1, containers_at = updated_at
 WHERE container_id IS NOT NULL OR child_containers <> '[]';
