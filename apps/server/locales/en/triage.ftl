nav-inbox = Inbox
triage-title = Inbox
triage-intro = { $count ->
    [one] One comment waits for an answer. Comments and messages of all your accounts, newest first.
   *[other] { $count } comments wait for an answer. Comments and messages of all your accounts, newest first.
}
triage-back = Back to the inbox
triage-states = Show
triage-state-unanswered = Unanswered
triage-state-open = Open
triage-state-done = Done
triage-state-all = All
triage-filters = Filter the inbox
triage-search = Search in text and names
triage-account = Account
triage-all-accounts = All accounts
triage-filter-question = Questions only
triage-filter-hidden = Hidden only
triage-apply = Apply
triage-post-filter = Only comments on:
triage-clear-post = All posts
triage-empty-title = Nothing here
triage-empty-text = No comment or message matches. New ones appear after the next refresh from Instagram.
triage-show-all = Show everything
triage-select-all = Select all on this page
triage-mark-selected-done = Mark selected done
triage-reopen-selected = Reopen selected
triage-select-item = Select the item from @{ $username }
triage-no-text = (no text: an attachment)
triage-badge-done = Done
triage-badge-answered = Answered
triage-badge-question = Question
triage-no-caption = (no caption)
triage-this-post = This post only
triage-open-thread = Open thread
triage-open-conversation = Open conversation
triage-reply = Reply
triage-reopen = Reopen
triage-mark-done = Done
triage-pages = Pages
triage-first-page = Newest
triage-next-page = Older
triage-keys-title = Keyboard shortcuts
triage-key-next = next item
triage-key-previous = previous item
triage-key-open = open the thread or conversation
triage-key-reply = reply
triage-key-done = mark done (or reopen)
triage-key-select = select the item
triage-key-help = show or hide this list
triage-keys-note = Keys do nothing while you type in a field.
triage-all-posts = All posts of the account (to comment on one)
triage-kind-comment = Comment
triage-kind-message = Message
triage-kind-story-mention = Story mention
triage-kind-story-reply = Story reply
triage-replies = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
triage-notice-done = { $count ->
    [one] Marked done.
   *[other] { $count } items marked done.
}
triage-notice-opened = { $count ->
    [one] Opened again.
   *[other] { $count } items opened again.
}
triage-notice-none = Choose at least one item first.
triage-notice-too-many = At most 100 items at once.
triage-error-search = The search can be at most { $max } characters long.
triage-error-cursor = That page is no longer available; here is the newest.
