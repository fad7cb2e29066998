analytics-na = not available
analytics-seconds = { $value } s
analytics-error-preset = Choose one of the offered ranges.
analytics-error-date = “{ $value }” is not a date. Use the date picker or the form YYYY-MM-DD.
analytics-error-incomplete = A custom range needs both a start and an end date.
analytics-error-reversed = The start date is after the end date. Swap them and try again.
analytics-error-too-long = The range has { $days } days; at most { $max } days can be shown (follower history is kept that long).
analytics-error-future = The end date is in the future. Choose today or an earlier day.
analytics-range-7d = Last 7 days
analytics-range-30d = Last 30 days
analytics-range-90d = Last 90 days
analytics-range-365d = Last year
analytics-range-all = All (up to 729 days)
analytics-range-custom = Custom dates
analytics-range-text = { $from } – { $to } ({ $days ->
    [one] { $days } day
   *[other] { $days } days
})
analytics-account = Account
analytics-range = Period
analytics-from = From
analytics-to = To
analytics-custom-hint = The dates are used when the period is “Custom dates”. Days are counted in your time zone.
analytics-show = Show
analytics-no-accounts = Connect an Instagram account to see its analytics.
analytics-no-data = No data for this period yet
analytics-followers-title = Follower growth
analytics-followers-start = At the start
analytics-followers-end = At the end
analytics-followers-change = Change
analytics-gained = Daily gains
analytics-lost = Daily losses
analytics-followers-chart = Followers per day
analytics-changes-title = Daily gains and losses
analytics-changes-chart = Change in followers from the day before
analytics-gaps-note = Days without a snapshot are left empty, not guessed.
analytics-as-table = The numbers as a table
analytics-export-followers = Download the follower series (CSV)
analytics-reach-title = Reach and views
analytics-reach-chart = Accounts reached and views per day
analytics-posts-title = Posts
analytics-posts-none = No posts in this period.
analytics-posts-more = Showing { $shown } of { $total } posts; the CSV has all of them.
analytics-engagement-note = Engagement rate: likes, comments, saves and shares divided by accounts reached.
analytics-export-posts = Download the posts table (CSV)
analytics-audience-title = Audience
analytics-audience-fetched = Last fetched
analytics-demo-age = Age
analytics-demo-gender = Gender
analytics-demo-country = Top countries
analytics-demo-city = Top cities
analytics-gender-f = Women
analytics-gender-m = Men
analytics-gender-u = Not specified
analytics-online-title = When your followers are online
analytics-online-chart = Followers online by hour of the day, in your time zone
analytics-best-time = Suggested time to post: { $hour } (about { $followers } followers online).
analytics-best-time-none = No suggestion yet: Instagram has not reported when your followers are online.
analytics-col-date = Date
analytics-col-type = Type
analytics-col-caption = Caption
analytics-col-reach = Reach
analytics-col-views = Views
analytics-col-likes = Likes
analytics-col-comments = Comments
analytics-col-saves = Saves
analytics-col-shares = Shares
analytics-col-watch = Avg. watch time
analytics-col-engagement = Engagement rate
analytics-col-followers = Followers
analytics-col-change = Change
analytics-col-engaged = Accounts engaged
analytics-col-interactions = Interactions
analytics-col-profile = Profile activity
analytics-col-hour = Hour
analytics-col-online = Followers online
analytics-kind-post = Post
analytics-kind-reel = Reel
analytics-kind-story = Story
analytics-kind-carousel = Carousel
analytics-growth-30 = Last 30 days
analytics-growth-chart = Followers over the last 30 days
analytics-refreshed-profile = Profile refreshed
analytics-refreshed-followers = Follower count taken
analytics-refreshed-insights = Insights fetched
analytics-open = Open analytics
analytics-refreshed-inbox = Comments and messages fetched
dashboard-unanswered-comments = { $count ->
    [one] { $count } unanswered comment
   *[other] { $count } unanswered comments
}
dashboard-unread-conversations = { $count ->
    [one] { $count } unread conversation
   *[other] { $count } unread conversations
}
analytics-weekly-note = Over more than 90 days, charts and tables show one point per week (Monday to Sunday): followers on the week's last recorded day and the change since the week before, reach and views as the week's daily sum. The CSV has every day.
analytics-schedule-then = Schedule a post then
