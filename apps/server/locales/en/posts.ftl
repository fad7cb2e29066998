# Content Manager (posts): list, calendar, composer, post page.

posts-title = Content
posts-new = New post
posts-edit-title = Edit post
posts-new-title = New post
posts-post-title = Post
posts-list = List
posts-calendar-month = Month
posts-calendar-week = Week
posts-prev = Previous
posts-next = Next
posts-today = Today
posts-filter = Filter
posts-filter-account = Account
posts-filter-state = State
posts-all = All
posts-none = No posts match. Create one with “New post”.
posts-no-accounts = Connect an Instagram account first: posts are published to an account.
posts-times-in-zone = Times are shown in your time zone, { $zone }.
posts-column-time = Time
posts-column-account = Account
posts-column-kind = Kind
posts-column-caption = Caption
posts-column-state = State
posts-unscheduled = not scheduled
posts-no-caption = (no caption)
posts-more = { $count ->
    [one] and { $count } more
   *[other] and { $count } more
}

## Kinds
posts-kind-post = Post
posts-kind-reel = Reel
posts-kind-carousel = Carousel
posts-kind-story = Story

## States
posts-state-draft = Draft
posts-state-scheduled = Scheduled
posts-state-preparing = Preparing
posts-state-ready = Ready
posts-state-publishing = Publishing
posts-state-published = Published
posts-state-failed = Failed
posts-state-cancelled = Cancelled
posts-state-verify = Published — verify

## Holds: why an active post waits, and what to do
posts-hold-quota = Waiting: the account has used its 24-hour publishing quota. The post goes out automatically when Instagram allows it; nothing to do.
posts-hold-reconnect = On hold: Instagram refused the account's access. Reconnect the account on the Accounts page; the post continues afterwards.
posts-hold-media_unreachable = On hold: Instagram cannot fetch the media from this server. Make sure the public URL is reachable from the internet (not localhost, a private address or behind a login).
posts-hold-retrying = Retrying: Instagram is failing or rate limiting. SocialFlow retries automatically with growing pauses; nothing to do.

## Failure
posts-failed-what-to-do = Publishing failed. Fix what the reason says (usually the media or the caption), then edit the post and schedule it again, or publish it now.
posts-verify-help = This post is on Instagram, but after an interrupted publication SocialFlow could not tell for certain which Instagram post it became. Open the links below and check; the first comment was not sent and statistics are not linked to this post.
posts-failed-reason = Reason: { $reason }

## Log events
posts-event-created = Created
posts-event-edited = Edited
posts-event-scheduled = Scheduled
posts-event-unscheduled = Unscheduled (now a draft)
posts-event-cancelled = Cancelled
posts-event-container_created = Media container created on Instagram
posts-event-container_status = Instagram's processing status
posts-event-ready = Ready to publish
posts-event-held = On hold
posts-event-retry = Will retry
posts-event-publish_started = Publishing started
posts-event-published = Published
posts-event-recovered = Outcome confirmed with Instagram after an interruption
posts-event-first_comment = First comment posted
posts-event-first_comment_failed = First comment could not be posted
posts-event-failed = Failed
posts-event-acknowledged = Failure acknowledged

## Problems
posts-problem-account_not_found = Choose one of your connected accounts.
posts-problem-media_count = { $min ->
    [1] This kind takes exactly one file; { $actual } chosen.
   *[other] A carousel takes { $min } to { $max } files; { $actual } chosen.
}
posts-problem-media_not_found = A chosen file no longer exists: { $media }. Choose another.
posts-problem-needs_image = File { $position } is a video; a post needs an image.
posts-problem-needs_video = File { $position } is an image; a reel needs a video.
posts-problem-cover_not_image = The cover must be an image.
posts-problem-too_many_collaborators = At most { $max } collaborators; { $actual } given.
posts-problem-not_for_stories = Stories do not support { $field }; remove it.
posts-problem-alt_text_too_long = Alt text is limited to { $max } characters; it has { $actual }.
posts-problem-user_tag_out_of_frame = The tag of { $username } is outside the image.
posts-problem-scheduled_in_past = The time is in the past. Choose a later time, or use “Publish now”.
posts-problem-scheduled_too_far = Posts can be scheduled at most { $days } days ahead. Choose an earlier date.
posts-problem-control_characters = { $field } contains invisible control characters (such as NUL). Remove them; line breaks and tabs are fine.
posts-problem-field_too_long = { $field } is too long: { $actual }; at most { $max }.
posts-problem-caption_too_long = The caption (with hashtags) has { $actual } characters; Instagram allows { $max }.
posts-problem-caption_too_many_hashtags = { $actual } hashtags; Instagram allows { $max }.
posts-problem-caption_too_many_mentions = { $actual } @mentions; Instagram allows { $max }.
posts-problem-caption_more_hashtags_than_advised = { $actual } hashtags: Instagram's app now shows at most { $advised }; consider fewer.
posts-problem-caption_first_comment_too_long = The first comment has { $actual } characters; Instagram allows { $max }.
posts-problem-time_required = Enter a date and time to schedule the post.
posts-problem-time_invalid = The date or time is not valid; use the pickers.
posts-problem-user_tag_unreadable = Cannot read the tag “{ $line }”: write @username, optionally followed by two numbers from 0 to 1.
posts-problem-time_nonexistent = { $time } does not exist in { $zone } (the clocks skip it). Choose another time.
posts-problem-media_unavailable = The media library is not available right now. Try again in a moment.
posts-problem-media = File { $position } ({ $use }): { $problem }.
posts-problem-media-cover = Cover ({ $use }): { $problem }.
posts-fix-pad = Fix: pad it with white to { $ratio } — upload it again with “Pad images” ticked.
posts-fix-transcode = Fix: convert it to H.264/AAC MP4 — the server does it by itself once ffmpeg is installed.
posts-fix-converting = The video is being converted for Instagram; this goes away when it is done.
posts-media-blocks-scheduling = Instagram would refuse it: the draft is kept, but it cannot be scheduled until this is fixed.
posts-fix-pad-link = Upload it padded
posts-fix-media-link = Open the Media page
posts-media-problems-heading = Problems with this file

## Composer
posts-field-account = Account
posts-field-kind = Kind
posts-field-media = Media
posts-media-none = You have no media yet. Upload files first on the Media page.
posts-media-upload = Go to Media
posts-media-order = Order
posts-field-cover = Reel cover (optional image)
posts-cover-none = No cover (use a frame)
posts-field-thumb-offset = Frame for the reel's thumbnail (milliseconds)
posts-field-share-to-feed = Also show the reel in the feed
posts-field-caption = Caption
posts-field-hashtags = Hashtags
posts-field-hashtags-hint = Separated by spaces or commas; # is optional.
posts-field-first-comment = First comment (posted right after publishing)
posts-field-collaborators = Collaborators (usernames, comma separated)
posts-field-user-tags = Tag people
posts-field-user-tags-hint = One per line: @username, optionally followed by the position in the photo from 0 to 1 (left, top = 0), e.g. @alice 0.3 0.7. Without a position the tag goes in the centre.
posts-field-location = Location id
posts-field-alt-text = Alt text (for people using screen readers)
posts-field-date = Date
posts-field-time = Time
posts-counts = { $chars } / { $max_chars } characters · { $hashtags } / { $max_hashtags } hashtags · { $mentions } / { $max_mentions } mentions
posts-save-draft = Save draft
posts-schedule = Schedule
posts-publish-now = Publish now
posts-form-has-problems = The post was not saved. Fix the following:
posts-warnings = Saved, with a caution:
posts-saved = Saved.
posts-scheduled-notice = Scheduled.
posts-publishing-notice = The post will be published in a moment.

## Post page
posts-state = State
posts-scheduled-for = Scheduled for
posts-published-at = Published at
posts-permalink = On Instagram
posts-view-on-instagram = Open on Instagram
posts-media-heading = Media
posts-log = History
posts-log-none = Nothing recorded yet.
posts-log-time = Time
posts-log-event = Event
posts-log-detail = Detail
posts-action-edit = Edit
posts-action-cancel = Cancel post
posts-action-delete = Delete
posts-action-publish = Publish now
posts-action-acknowledge = Acknowledge failure
posts-delete-title = Delete post
posts-delete-confirm = Delete this post? Its files are deleted too unless another post uses them. This cannot be undone.
posts-delete-keep = Keep the post
posts-deleted = The post was deleted.
posts-cancelled-notice = The post was cancelled; it will not be published.
posts-acknowledged-notice = Failure acknowledged.
posts-error-not-editable = This post can no longer be changed: it is being published or has been published.
posts-error-not-cancellable = This post can no longer be cancelled: publishing has started.
posts-error-not-deletable = This post cannot be deleted while it is being published. Try again in a minute.
posts-error-changed = The post was changed meanwhile (in another tab or by the publisher). Reload it and try again; nothing you typed was saved.
posts-error-not-found = No such post.

## Dashboard
posts-dash-upcoming = Next scheduled posts
posts-dash-upcoming-none = Nothing scheduled.
posts-dash-failed = Failed posts
posts-dash-open = Open

## Calendar
posts-month-1 = January
posts-month-2 = February
posts-month-3 = March
posts-month-4 = April
posts-month-5 = May
posts-month-6 = June
posts-month-7 = July
posts-month-8 = August
posts-month-9 = September
posts-month-10 = October
posts-month-11 = November
posts-month-12 = December
posts-weekday-1 = Mon
posts-weekday-2 = Tue
posts-weekday-3 = Wed
posts-weekday-4 = Thu
posts-weekday-5 = Fri
posts-weekday-6 = Sat
posts-weekday-7 = Sun
posts-week-of = Week of { $date }
posts-suggested = Suggested for @{ $account }: { $when }, when most of its followers are online.
posts-suggested-none = Suggested time for @{ $account }: not enough data yet (Instagram has not reported when its followers are online).
posts-suggested-use = Use this time
posts-weekday-long-1 = Monday
posts-weekday-long-2 = Tuesday
posts-weekday-long-3 = Wednesday
posts-weekday-long-4 = Thursday
posts-weekday-long-5 = Friday
posts-weekday-long-6 = Saturday
posts-weekday-long-7 = Sunday
