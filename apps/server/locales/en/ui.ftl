# The interface's shared parts: navigation, theme, demo banner, toasts,
# relative times, onboarding, failure explanations, time-zone regions.

## Shell
ui-main-navigation = Main
ui-menu = Menu
ui-menu-close = Close menu
ui-theme = Appearance
ui-theme-intro = Follow the system's light or dark setting, or choose one for this browser.
ui-theme-auto = System
ui-theme-light = Light
ui-theme-dark = Dark
ui-cancel = Cancel
ui-close = Close
ui-offline = The server could not be reached. Nothing was changed; check the connection and try again.
ui-uploading = Uploading
ui-copy = Copy
ui-copied = Copied.
ui-original-message = Instagram's original message
ui-technical-detail = Technical detail

## Demo mode
ui-demo-title = Demo mode
ui-demo-text = Instagram is simulated on this server: nothing reaches Instagram, and every account, post, comment and message is made up.
ui-demo-url = This demo runs at

## Relative times
ui-rel-now = now
ui-rel-in-minutes = in { $n } min
ui-rel-ago-minutes = { $n } min ago
ui-rel-in-hours = in { $n } h
ui-rel-ago-hours = { $n } h ago
ui-rel-in-days = { $n ->
    [one] in { $n } day
   *[other] in { $n } days
}
ui-rel-ago-days = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}

## Onboarding checklist (dashboard)
onboarding-title = Get started
onboarding-progress = { $done } of { $total } done
onboarding-done = done
onboarding-connect-account = Connect an Instagram account
onboarding-connect-account-text = A Business or Creator account you manage: SocialFlow publishes to it and reads its comments, messages and insights.
onboarding-connect-account-action = Connect
onboarding-upload-media = Upload media
onboarding-upload-media-text = Images and videos for your posts; each is checked against Instagram's rules.
onboarding-upload-media-action = Upload
onboarding-schedule-post = Schedule your first post
onboarding-schedule-post-text = Choose the media, write the caption and pick a time; SocialFlow publishes it then.
onboarding-schedule-post-action = New post
onboarding-open-inbox = Open the inbox
onboarding-open-inbox-text = Comments and direct messages of your accounts, answered from one place.
onboarding-open-inbox-action = Comments
dashboard-freshness = When these figures were refreshed

## Failures and holds explained (the original text stays in a fold)
why-account_disconnected = The Instagram account was disconnected
fix-account_disconnected = Connect the account again on the Accounts page, then edit the post and schedule it again.
why-reconnect = Instagram no longer accepts the account's access
fix-reconnect = Reconnect the account on the Accounts page; scheduled posts continue afterwards.
why-permission_missing = A permission is missing
fix-permission_missing = Reconnect the account on the Accounts page and leave every permission ticked in Instagram's dialog.
why-account_restricted = Instagram restricted the account
fix-account_restricted = Open the Instagram app with this account and follow what it asks (for example confirming your identity), then publish again.
why-spam = Instagram took the activity for spam
fix-spam = Wait a few hours before publishing again, and avoid posting the same content repeatedly.
why-rate_limited = Instagram is limiting requests for this account
fix-rate_limited = Nothing to do: SocialFlow waits and tries again by itself.
why-instagram_unavailable = Instagram is temporarily unavailable
fix-instagram_unavailable = Nothing to do: SocialFlow tries again by itself.
why-publishing_limit = The account reached Instagram's publishing limit for 24 hours
fix-publishing_limit = Nothing to do: the post goes out as soon as the limit allows.
why-aspect_ratio = Instagram does not accept the image's shape
fix-aspect_ratio = Use an image between 4:5 (portrait) and 1.91:1 (landscape): crop it, or upload it again with "Pad images" ticked on the Media page.
why-image_too_large = The image is too large for Instagram
fix-image_too_large = Upload a smaller image (at most 8 MB), then choose it in the post.
why-image_format = Instagram does not accept the image's format
fix-image_format = Upload the image as JPEG (PNG and WebP are converted when uploaded to the Media page).
why-video_format = Instagram does not accept the video's format
fix-video_format = Export the video as MP4 with H.264 video and AAC audio, upload it again and choose it in the post.
why-processing_failed = Instagram could not process the media
fix-processing_failed = Try again; if it fails again, export the file anew (MP4 with H.264 and AAC for videos) and upload it.
why-thumbnail_offset = The cover frame is outside the video
fix-thumbnail_offset = Edit the post and choose a cover frame within the video's length.
why-caption = Instagram refused the caption
fix-caption = Shorten the caption (at most 2,200 characters, 30 hashtags and 20 mentions), then schedule the post again.
why-carousel_count = A carousel needs 2 to 10 files
fix-carousel_count = Edit the post and choose between 2 and 10 files.
why-media_unreachable = Instagram could not download the media from this server
fix-media_unreachable = The server's public address must be reachable from the internet (not localhost, a private address or behind a login). Ask the operator, then publish again.
why-media_missing = A file of the post was deleted
fix-media_missing = Edit the post, choose another file and schedule it again.
why-media_unusable = A file cannot be used for this kind of post
fix-media_unusable = Open the Media page to see what Instagram would refuse, upload a fitting file and choose it in the post.
why-no_media = The post has no media
fix-no_media = Edit the post and choose at least one file.
why-gave_up = Instagram kept failing, so SocialFlow stopped trying
fix-gave_up = Check that Instagram works in its app, then publish the post again.
why-other = Instagram refused the post
fix-other = Read Instagram's message below, fix what it names, then edit the post and schedule it again.

## Time-zone picker
settings-time-zone-search = Search a city or region
tz-region-utc = Coordinated Universal Time
tz-region-europe = Europe
tz-region-asia = Asia
tz-region-america = Americas
tz-region-africa = Africa
tz-region-australia = Australia
tz-region-pacific = Pacific
tz-region-atlantic = Atlantic
tz-region-indian = Indian Ocean
tz-region-antarctica = Antarctica
tz-region-other = Other

## Pages
setup-username-hint = 3 to 32 characters: letters a–z, digits, "_", "." and "-".
accounts-none-text = Connect the Instagram Business or Creator accounts you manage to publish to them and answer their comments and messages.
media-file-choose = File
media-none-text = Upload the images and videos you want to publish; each is checked against Instagram's rules for every kind of post.
inbox-comments-intro = Comments on your posts; answer, hide or delete them on Instagram from here.
inbox-messages-intro = Direct messages to your accounts.
inbox-filter = Show
inbox-no-accounts-text = Once an account is connected, its comments and messages appear here.
inbox-no-comments-text = New comments appear here after the next refresh from Instagram.
inbox-no-conversations-title = No conversations yet
inbox-no-posts-title = No posts yet
inbox-reply-to = Reply to @{ $username }
inbox-media-image = Photo
inbox-media-video = Video
inbox-media-carousel = Carousel
posts-views = View
posts-back = Back
posts-empty-title = No posts yet
posts-agenda-empty = Nothing scheduled in this period
posts-agenda-empty-text = Create a post and pick a time; it shows up here.
posts-dash-calendar = Calendar
posts-dash-upcoming-hint = Posts you schedule appear here with the time left until they go out.
posts-composer-cancel = Back without saving
posts-cancel-confirm = Cancel this post? It will not be published; you can edit and schedule it again later.
posts-counter-chars = {"{"}n{"}"} / {"{"}max{"}"} characters
posts-counter-hashtags = {"{"}n{"}"} / {"{"}max{"}"} hashtags
posts-counter-mentions = {"{"}n{"}"} / {"{"}max{"}"} mentions
posts-field-first-comment-short = First comment
posts-field-collaborators-short = Collaborators
posts-field-alt-text-short = Alt text
posts-field-other = this field
posts-field-location-hint = The number of an Instagram location (in the location page's address on Instagram); leave empty for none.
posts-field-time-in = Time ({ $zone })
posts-media-order-hint = Tick the files to publish; for a carousel, number them in the order they should appear.
posts-media-order-of = Position of { $name }
posts-schedule-legend = When to publish
posts-time-zone = Time zone
settings-token-revoke-confirm = Revoke the token “{ $name }”? Scripts using it stop working at once.
