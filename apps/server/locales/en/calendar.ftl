# The planner: month, week and day views, the drafts tray, the grid preview.
calendar-title = Planner
calendar-grid-title = Grid preview
calendar-day = Day
calendar-grid = Grid
calendar-move = Move
calendar-move-to = Move to
calendar-date = Date
calendar-time = Time
calendar-moving = Moving…
calendar-moved = The post was moved.
calendar-swapped = The two posts swapped their times.
calendar-error-not-movable = This post can no longer be moved: it is being published or already was.
calendar-error-invalid = The post was not moved:
calendar-error-internal = The post could not be moved just now. Nothing was changed; try again.
calendar-error-other-account = Only posts of the same account can swap places.
calendar-error-swap-unscheduled = Only two different scheduled posts can swap places.
calendar-drafts = Drafts
calendar-drafts-hint = Drag a draft onto a day or an hour to schedule it, or use its clock button.
calendar-drafts-empty = No drafts. Posts you save without a time wait here.
calendar-on-instagram = On Instagram
calendar-accounts = Accounts
calendar-new-at = New post at { $time }
calendar-new-on = New post on { $date }
calendar-drag-hint = Drag a post to another day or hour to reschedule it; its clock button does the same with the keyboard. Click an empty slot to start a post there.
calendar-grid-hint = The profile as it will look: scheduled posts, newest first, above what is already published. Drag a tile onto another, or use the arrows, to swap their times.
calendar-grid-earlier = Publish earlier
calendar-grid-later = Publish later
calendar-grid-scheduled = Scheduled
calendar-grid-count = { $count ->
    [one] { $count } scheduled
   *[other] { $count } scheduled
}
calendar-grid-empty = Nothing is scheduled for this account's grid yet.
calendar-grid-none = Connect an Instagram account to preview its grid.
calendar-show = Show
