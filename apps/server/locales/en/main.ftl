# SocialFlow interface — English. Keys are shared by ru and kk; a test checks
# that every language has every key.

app-name = SocialFlow
skip-to-content = Skip to content
footer-text = SocialFlow — self-hosted Instagram content operations
language-label = Language

## Navigation
nav-dashboard = Dashboard
nav-client = Posts to review
nav-content = Content
nav-comments = Comments
nav-messages = Messages
nav-analytics = Analytics
nav-settings = Settings
nav-logout = Log out
nav-api-docs = API
nav-signed-in-as = Signed in as { $username }

## Login
login-title = Log in
login-intro = Log in to manage your Instagram accounts.
login-username = Username
login-password = Password
login-submit = Log in
login-error-invalid = Wrong username or password.
login-error-throttled = Too many failed attempts. Try again in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
login-logged-out = You have logged out.
login-session-expired = Your session has ended. Please log in again.

## First run
setup-title = Create the first administrator
setup-intro = No user exists yet. Choose the administrator's username and password. This page works only with the link printed in the server's console.
setup-password-confirm = Repeat the password
setup-submit = Create administrator
setup-invalid-token = This setup link is not valid. Use the link printed in the server's console when it started.
setup-done = The administrator was created. Log in with the new password.

## Sections
dashboard-title = Dashboard
dashboard-welcome = Welcome, { $username }.
dashboard-next-steps = Connect an Instagram account on the Accounts page to see your profile, follower growth, scheduled posts and unanswered comments here.
section-coming = This section becomes available when its feature lands. Nothing here needs your attention yet.
content-title = Content
comments-title = Comments
messages-title = Messages
analytics-title = Analytics

## Settings
settings-title = Settings
settings-profile = Profile
settings-username = Username
settings-role = Role
role-admin = Administrator
role-user = User
settings-language = Interface language
settings-language-save = Save language
settings-language-saved = The interface language was saved.
settings-password = Change password
settings-current-password = Current password
settings-new-password = New password
settings-confirm-password = Repeat the new password
settings-password-save = Change password
settings-password-saved = Your password was changed. Your other sessions were ended.
settings-password-wrong = The current password is wrong. Nothing was changed.
settings-password-mismatch = The two new passwords differ. Nothing was changed.
settings-password-too-short = The new password needs at least { $min } characters.
settings-password-too-long = The new password may be at most { $max } bytes long.
settings-tokens = Personal API tokens
settings-tokens-intro = Tokens let scripts use the REST API as you: send them as "Authorization: Bearer <token>".
settings-token-name = Token name
settings-token-create = Create token
settings-token-created = Your new token is shown below once. Copy it now: it cannot be shown again.
settings-token-revoke = Revoke
settings-token-revoked = The token was revoked.
settings-token-none = You have no API tokens.
settings-token-created-at = Created
settings-token-last-used = Last used
settings-token-never-used = never
settings-token-invalid-name = A token name needs 1 to 64 characters.
settings-security = Recent security events
settings-security-none = No events yet.
column-time = Time
column-event = Event
column-ip = IP address
column-detail = Detail

## Audit events
audit-login_succeeded = Logged in
audit-login_failed = Failed login
audit-login_throttled = Login refused (too many failures)
audit-logout = Logged out
audit-password_changed = Password changed
audit-language_changed = Language changed
audit-api_token_created = API token created
audit-api_token_revoked = API token revoked
audit-user_created = User created
audit-user_deleted = User deleted

## Errors
error-title = Something went wrong
error-csrf = This form has expired or did not come from SocialFlow. Nothing was changed. Reload the page and try again.
error-not-found = This page does not exist.
error-internal = The server could not complete the request. Nothing was lost; try again in a moment.
error-too-large = The request is too large.
error-username-length = A username needs 3 to 32 characters.
error-username-chars = A username may contain only letters a–z, digits, "_", "." and "-".
error-username-reserved = Usernames starting with "ws." are reserved.
error-username-taken = This username is already taken.
back-home = Back to the dashboard
settings-language-invalid = Choose one of the listed languages. Nothing was changed.
error-bad-request = The request could not be read. Nothing was changed; reload the page and try again.
error-unknown-action = This button is not one SocialFlow knows. Nothing was changed; reload the page and try again.
audit-account_connected = Instagram account connected
audit-account_reconnected = Instagram account reconnected
audit-account_disconnected = Instagram account disconnected
audit-account_needs_reconnect = Instagram account needs reconnecting

## Instagram accounts
nav-accounts = Accounts
accounts-title = Instagram accounts
accounts-intro = Connect the Instagram Business or Creator accounts you manage. SocialFlow asks Instagram for permission to read the profile, publish, manage comments and messages, and read insights.
accounts-connect = Connect Instagram account
accounts-none = No Instagram account is connected yet.
accounts-not-configured = This server is not connected to an Instagram app yet, so accounts cannot be connected. Ask the server's operator to set up the Instagram app (the Instagram guide in the documentation explains how), or to start SocialFlow in demo mode to try it with a simulated Instagram.
accounts-followers = Followers
accounts-following = Following
accounts-posts = Posts
accounts-not-available = not available
accounts-token = Access
accounts-token-active = Active until { $date }
accounts-token-needs-reconnect = Needs reconnecting: Instagram no longer accepts this account's access. Reconnect it to resume its scheduled work.
accounts-instagram-said = Instagram said: { $detail }
accounts-connected-at = Connected
accounts-refreshed-at = Profile refreshed
accounts-refresh = Refresh now
accounts-reconnect = Reconnect
accounts-disconnect = Disconnect
accounts-disconnect-title = Disconnect { $username }?
accounts-disconnect-explain = SocialFlow deletes this account's access token and everything it has cached for it, right now. Posts already published on Instagram stay there. You can connect the account again later.
accounts-disconnect-confirm = Disconnect and delete its data
accounts-cancel = Cancel
accounts-notice-connected = The account { $username } is connected.
accounts-notice-reconnected = The account { $username } is reconnected; its scheduled work resumes.
accounts-notice-disconnected = The account was disconnected and its data deleted.
accounts-notice-refreshed = The profile was refreshed from Instagram.
accounts-missing-permissions = Instagram did not grant every permission SocialFlow needs. Missing: { $scopes }. Reconnect the account and leave all permissions ticked in Instagram's dialog.
accounts-error-denied = The connection was cancelled in Instagram's dialog. Nothing was saved.
accounts-error-state = This connection link has expired or was already used. Nothing was saved; start again with "Connect Instagram account".
accounts-error-elsewhere = This Instagram account is already connected to another SocialFlow user. Ask them to disconnect it first.
accounts-error-token = Instagram no longer accepts this account's access. Reconnect the account.
accounts-error-rate-limited = Instagram is limiting requests for this account right now. Nothing was lost; try again in a few minutes.
accounts-error-unavailable = Instagram could not be reached. Nothing was lost; try again in a few minutes.
accounts-error-permission = Instagram refused because a permission is missing. Reconnect the account and grant every permission.
accounts-error-oauth = Instagram refused the sign-in ({ $detail }). Nothing was saved; start again with "Connect Instagram account".
accounts-error-other = Instagram refused the request ({ $detail }). Nothing was saved.
scope-instagram_business_basic = read the profile and media
scope-instagram_business_content_publish = publish posts, reels and stories
scope-instagram_business_manage_comments = manage comments
scope-instagram_business_manage_messages = manage direct messages
scope-instagram_business_manage_insights = read insights

## Data deletion (public page and Meta's callbacks)
deletion-title = Deleting your data
deletion-intro = You can have SocialFlow delete everything it holds about your Instagram account at any time.
deletion-in-socialflow = From SocialFlow
deletion-in-socialflow-how = Log in, open Accounts and choose Disconnect: the account's access token and all data cached for it are deleted at once.
deletion-in-instagram = From Instagram
deletion-in-instagram-how = In Instagram open Settings → Apps and websites, and remove SocialFlow. Instagram then tells SocialFlow, which deletes the account's token and all its data right away and gives Instagram a confirmation code whose status this page shows.
deletion-what = What is deleted: the access token, the profile copy, cached media, comments and messages, follower statistics and insights of that account. Posts already published on Instagram stay on Instagram.
deletion-status-title = Status of your request
deletion-status-done = Request received on { $requested }. Completed on { $completed }: the data of { $count ->
    [one] { $count } connected account was
   *[other] { $count } connected accounts were
} deleted.
deletion-unknown-code = No deletion request has this confirmation code. Check the code Instagram showed you.
audit-account_deauthorized = Instagram access removed in Instagram
audit-data_deletion_callback = Data deleted at Instagram's request
audit-time_zone_changed = Time zone changed
audit-post_scheduled = Post scheduled
audit-post_published = Post published
audit-post_deleted = Post deleted
audit-comment_replied = Comment answered
audit-comment_hidden = Comment hidden
audit-comment_unhidden = Comment shown again
audit-comment_deleted = Comment deleted
audit-message_sent = Direct message sent
audit-data_exported = Data exported
audit-policy_acknowledged = Privacy policy acknowledged

# Settings: time zone
settings-time-zone = Time zone
settings-time-zone-intro = Scheduled times are entered and shown in this time zone, and analytics count days in it.
settings-time-zone-label = Your time zone
settings-time-zone-save = Save time zone
settings-time-zone-saved = Time zone saved.
settings-time-zone-invalid = Choose a time zone from the list.
