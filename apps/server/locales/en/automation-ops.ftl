# Automation, the operator's side: pause and caps, the approval queue, a rule's log.

automation-ops-settings-h = Sending
automation-ops-is-running = Automation is on: rules answer comments and messages as they arrive.
automation-ops-is-paused = Automation is paused: nothing new is answered and waiting replies wait.
automation-ops-pause = Pause automation
automation-ops-resume = Resume automation
automation-ops-paused-title = Automation is paused for @{ $username }
automation-ops-paused-user = Nothing new is answered and replies already planned wait. Resume to carry on; nothing is lost.
automation-ops-paused-token = Instagram refused this account's access, so automation stopped. Reconnect the account on the Accounts page, then resume.
automation-ops-paused = Automation paused. Nothing is sent until you resume it.
automation-ops-resumed = Automation resumed.
automation-ops-hourly = Replies per hour, at most
automation-ops-hourly-hint = Public replies, private replies and Direct messages together; from 1 to { $max } (Instagram allows { $max } private replies an hour).
automation-ops-daily = Replies per day, at most
automation-ops-daily-hint = From 1 to 5,000, and at least the hourly limit. Over a limit, replies wait for your approval.
automation-ops-save-caps = Save limits
automation-ops-caps-saved = Limits saved.
automation-ops-caps-not-saved = The limits were not saved; fix the marked fields.
automation-ops-not-a-number = Enter a whole number.
automation-ops-hourly-out-of-range = The hourly limit must be from 1 to { $max }.
automation-ops-daily-out-of-range = The daily limit must be from 1 to { $max }.
automation-ops-daily-below-hourly = The daily limit cannot be lower than the hourly one.
automation-ops-held-link = { $count ->
    [one] { $count } reply waits for your approval
   *[other] { $count } replies wait for your approval
}
automation-ops-ice-breaker-badge = Ice breaker
automation-ops-ice-breaker-edit = Edit ice breakers
automation-ops-log-link = Log of “{ $name }”

automation-ops-approvals-title = Waiting for approval
automation-ops-approvals-nav = Approvals
automation-ops-approvals-intro = Replies your rules prepared but did not send: the rule asks for approval, or sending would pass a limit. Nothing goes out until you approve it.
automation-ops-approvals-empty = Nothing waits for approval.
automation-ops-approvals-paused = Automation is paused for this account: approved replies go out once it is resumed.
automation-ops-held-count = { $count ->
    [one] { $count } reply waits
   *[other] { $count } replies wait
}
automation-ops-back-to-inbox = Inbox
automation-ops-to-rules = Automation rules
automation-ops-to-settings = Pause and limits
automation-ops-comment-by = { $who } commented
automation-ops-message-from = { $who } wrote
automation-ops-someone = Someone
automation-ops-text-gone = (the text is no longer in the inbox)
automation-ops-on-post = on
automation-ops-rule = Rule
automation-ops-rule-gone = a deleted rule
automation-ops-would-send = Approving sends exactly this:
automation-ops-approve = Approve and send
automation-ops-reject = Reject
automation-ops-approved = Approved: the reply is being sent.
automation-ops-rejected = Rejected: nothing will be sent.
automation-ops-gone = That reply no longer waits: it was approved or rejected already.
automation-ops-cap-reached = Not sent now: { $reason }. It stays here; approve it later or raise the limit.
automation-ops-hold-approval = the rule asks for approval
automation-ops-hold-hourly-cap = over the hourly limit
automation-ops-hold-daily-cap = over the daily limit

automation-ops-log-title = Log
automation-ops-log-intro = What this rule did in the last 90 days, newest first. Times are in your time zone.
automation-ops-log-counters = Answered { $matched } · sent { $sent } · waiting for approval { $held } · failed { $failed } · waiting to be sent { $pending }
automation-ops-log-empty = The rule has not answered anything yet.
automation-ops-log-no-more = No older entries.
automation-ops-log-sent = What was sent
automation-ops-log-answer = Instagram's answer
automation-ops-log-pages = Log pages
automation-ops-newer = Newer
automation-ops-older = Older
automation-ops-page = Page { $page }
automation-ops-page-out-of-range = The page must be from 1 to { $max }.
automation-ops-state-pending = waiting to be sent
automation-ops-state-running = being sent
automation-ops-state-sent = sent
automation-ops-state-partly-failed = partly failed
automation-ops-state-failed = failed
automation-ops-state-skipped = skipped (too late to answer)
automation-ops-state-held = waiting for approval
automation-ops-state-rejected = rejected
automation-ops-action-planned = planned
automation-ops-action-sending = sending
automation-ops-action-done = done
automation-ops-action-already-done = done (found sent earlier)
automation-ops-action-failed = failed

notifications-kind-automation = Automation
notifications-kind-automation-hint = When automation replies wait for your approval, and when automation paused because Instagram refused an account's access.
notification-automation-title = { $account }: automation needs you
notification-automation-detail = Open the approval queue or the automation settings.
notification-automation_held-title = { $account }: { $count ->
    [one] { $count } automation reply waits for approval
   *[other] { $count } automation replies wait for approval
}
notification-automation_held-detail = Nothing is sent until you approve it in the inbox.
notification-automation_paused-title = { $account }: automation paused
notification-automation_paused-detail = Instagram refused the account's access. Reconnect it, then resume automation; waiting replies are kept.
