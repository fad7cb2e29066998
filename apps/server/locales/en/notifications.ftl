# Notifications (issue 18): the bell, the centre and the preferences.

notifications-title = Notifications
notifications-bell = { $count ->
    [0] Notifications
    [one] Notifications, { $count } unread
   *[other] Notifications, { $count } unread
}
notifications-unread-count = { $count ->
    [0] Nothing unread.
    [one] { $count } unread.
   *[other] { $count } unread.
}
notifications-unread = Unread
notifications-open = Open
notifications-mark-all-read = Mark all as read
notifications-all-read-done = All notifications are marked as read.
notifications-gone = That notification is no longer here.
notifications-none = No notifications yet.
notifications-none-hint = Failed posts, accounts to reconnect, the publishing limit, your inbox digest and the weekly summary appear here.
notifications-settings-link = Notification settings
notifications-back = Back to notifications
notifications-settings-title = Notification settings
notifications-settings-intro = Choose what appears here and what is also sent by e-mail. E-mails carry counts and links only, never the text of comments or messages.
notifications-has-problems = Please correct the following:
notifications-kinds = What to tell you about
notifications-in-app = In SocialFlow
notifications-by-email = By e-mail
notifications-kind-post_failed = A post failed
notifications-kind-post_failed-hint = Instagram refused a scheduled post.
notifications-kind-account_reconnect = An account needs reconnecting
notifications-kind-account_reconnect-hint = Posts stop until you reconnect it.
notifications-kind-quota_nearly_used = Publishing limit nearly used
notifications-kind-quota_nearly_used-hint = 40 of the 50 posts Instagram allows in 24 hours.
notifications-kind-inbox_digest = Inbox digest
notifications-kind-inbox_digest-hint = Once a day from 09:00: how many comments and conversations wait for you.
notifications-kind-weekly_summary = Weekly summary
notifications-kind-weekly_summary-hint = Every Monday from 09:00, for each account: followers, reach, best post, comments without a reply.
notifications-kind-webhook_disabled = A webhook endpoint was disabled
notifications-kind-webhook_disabled-hint = SocialFlow stops sending to an endpoint whose deliveries failed for three days.
notifications-email = E-mail
notifications-no-smtp = This server has no e-mail set up, so notifications appear only in SocialFlow. Your administrator can set SOCIALFLOW_SMTP_URL.
notifications-address = E-mail address
notifications-address-hint = Leave empty to get no e-mails. Used only for these notifications; deleted with your account.
notifications-quiet = Quiet hours
notifications-quiet-hint = No e-mails between these times on your clock ({ $zone }); what comes up meanwhile is sent when they end. Leave both empty for none.
notifications-quiet-from = From
notifications-quiet-to = Until
notifications-save = Save
notifications-test = Save and send me a test e-mail
notifications-saved = Notification settings saved.
notifications-test-sent = Test e-mail sent. If it does not arrive in a few minutes, check the spam folder and the address.
notifications-test-no-smtp = E-mail is not set up on this server, so no test e-mail could be sent.
notifications-test-no-address = Enter your e-mail address first.
notifications-test-rejected = The mail server refused the address. Check it and try again.
notifications-test-failed = The mail server could not be reached. Try again later.
notifications-problem-address = Enter an e-mail address such as name@example.com.
notifications-problem-time = Enter quiet hours as times such as 22:00.
notifications-problem-half = Enter both the start and the end of quiet hours, or neither.
notifications-problem-same = Quiet hours must end at a different time than they start.
notification-post_failed-title = A post for { $account } was not published
notification-post_failed-detail = Instagram refused it. Open the post to see why and try again.
notification-account_reconnect-title = Reconnect { $account }
notification-account_reconnect-detail = Instagram no longer accepts SocialFlow's access; scheduled posts wait until you reconnect.
notification-quota_nearly_used-title = { $account } used { $count } of { $limit } posts today
notification-quota_nearly_used-detail = Posts beyond Instagram's limit wait until it frees up.
notification-inbox_digest-title = Your inbox is waiting
notification-inbox_digest-detail = Comments without a reply: { $unanswered }. Unread conversations: { $unread }.
notification-weekly_summary-title = { $account }: your week on Instagram
notification-weekly_summary-detail = Followers { $followers }, reach { $reach }, comments without a reply: { $unanswered }.
notification-webhook_disabled-title = A webhook endpoint was disabled
notification-webhook_disabled-detail = Every delivery to { $url } failed for three days. Fix the receiver and enable it again under Settings → Webhooks.
