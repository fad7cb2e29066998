-- Reels: reposts and the skip rate (percent of plays skipped within the
-- first 3 seconds), where Instagram returns them; NULL otherwise.
ALTER TABLE media_metrics ADD COLUMN reposts BIGINT NULL, ADD COLUMN skip_rate BIGINT NULL;
