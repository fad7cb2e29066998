-- Reels: reposts and the skip rate (percent of plays skipped within the
-- first 3 seconds), where Instagram returns them; NULL otherwise.
ALTER TABLE media_metrics ADD COLUMN reposts INTEGER;
ALTER TABLE media_metrics ADD COLUMN skip_rate INTEGER;
