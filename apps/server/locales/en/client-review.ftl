# Client review: the page a review link opens, the client role's page, the
# workspace's review links.
review-title = Review
review-heading = Posts for { $label }
review-intro = This is how the posts will look on Instagram. Approve each one, or say what should change.
review-expires = This link works until { $time }.
review-empty = There are no posts left to review here.
review-no-media = No picture yet
review-carousel = Carousel: first of several
review-approve = Approve
review-note-label = What should change?
review-ask-changes = Ask for changes
review-closed = No decision is needed on this post now.
review-status-approved = Approved by { $who } · { $time }
review-status-changes = Changes asked by { $who } · { $time }
review-status-waiting = Waiting for your decision
review-status-scheduled = Scheduled
review-badge-reel = Reel
review-badge-story = Story
review-when = Planned for { $time }
review-when-unscheduled = Not scheduled yet
review-gone = This review link no longer works: it has expired or was withdrawn. Ask whoever sent it for a new one.
review-rate-limited = Too many decisions through this link in the last hour. Nothing was changed; try again later.
review-wrong-state = This post is not waiting for a decision now: it was already decided, is being changed, or is being published. Nothing was changed.
review-forbidden = Your role in this workspace does not allow this.
review-note-empty = Say what should change.
review-note-long = A note may have up to { $max } characters.

review-links-title = Client review links
review-links-subtitle = Send posts to a client: they open a link, see the posts as Instagram will show them, and approve or ask for changes without an account.
review-links-back = Back to content
review-links-share = Share for client review
review-links-url-once = Send this link to your client. It is shown only now; copy it before leaving the page.
review-links-new = New review link
review-links-label = For whom
review-links-label-hint = Usually the client's name; it signs their decisions.
review-links-days = Works for (days)
review-links-choose = Posts to show (up to { $max })
review-links-nothing = No drafts or scheduled posts to share yet.
review-links-no-caption = (no caption)
review-links-create = Create link
review-links-created = The review link is ready.
review-links-list = Links
review-links-none = No review links yet.
review-links-col-label = For
review-links-col-posts = Posts
review-links-col-status = Status
review-links-col-decisions = Decisions
review-links-revoke = Withdraw
review-links-revoked = Withdrawn { $time }
review-links-expires = Works until { $time }
review-links-expired = Expired { $time }
review-links-approved = { $count } approved
review-links-changes = { $count ->
    [one] { $count } change asked
   *[other] { $count } changes asked
}
review-links-post-gone = One of the chosen posts is no longer available. Choose again.
review-links-label-empty = Say whom the link is for.
review-links-label-long = A name may have up to { $max } characters.
review-links-label-control = The name cannot contain control characters.
review-links-days-invalid = A link works from 1 to { $max } days.
review-links-no-posts = Choose at least one post.
review-links-too-many-posts = A link can show up to { $max } posts.
review-links-too-many = A workspace can have up to { $max } working review links. Withdraw one first.

client-portal-title = Posts to review
client-portal-intro = The posts of your accounts as Instagram will show them: those waiting for you first, then the ones already scheduled.
client-portal-empty = Nothing to review
client-portal-empty-text = When posts of your accounts are ready, they appear here.
client-portal-approved = Approved. Thank you!
client-portal-changes-sent = Your request for changes was sent to the team.

audit-review_link_created = Client review link created
audit-review_link_revoked = Client review link withdrawn
audit-review_decision_made = Client review decision
review-status-not-in-review = Not sent for review
review-status-editing = Being changed by the team
review-status-published = Published
review-status-expired = Not approved in time
review-links-hold = Hold these posts until they are approved
review-links-hold-hint = Each chosen post with a time is sent for review: it is published only after the client (or a teammate who approves) says yes. A post still waiting at its time is not published.
review-links-created-held = The link is ready. { $count ->
    [one] One post waits
   *[other] { $count } posts wait
} for approval before publishing.
review-links-in-review = In review
