# Fresh inbox data (issue 18)
live-fetching = Fetching your comments and messages…
live-syncing-comments = Fetching comments…
live-syncing-messages = Fetching messages…
live-new-items = { $count ->
    [one] { $count } new comment or message
   *[other] { $count } new comments and messages
}
live-updated = New data from Instagram
live-show = Show
live-check = Check for new
