//! Client review: a signed, expiring, revocable read-only link to a set of a
//! workspace's posts, shown as Instagram will show them, where a client
//! approves each post or asks for changes without an account; and the same
//! decisions for members with the `client` role, on the posts of the
//! accounts assigned to them. Only the digest of a link's secret is stored.
//!
//! The decisions themselves are the approval use cases' (see
//! [`PostReviewer`]): this module resolves links, checks who may decide what,
//! limits how often, records the decision per link and audits it.

mod link;
mod ports;
mod service;

pub use link::{
    DECISIONS_PER_HOUR, Decision, MAX_DAYS, MAX_LABEL_CHARS, MAX_LINKS_PER_WORKSPACE,
    MAX_NOTE_CHARS, MAX_POSTS, ReviewLink, ReviewLinkId, ReviewLinkProblem, Verdict, chosen_posts,
    link_label, review_note, valid_days,
};
pub use ports::{InsertOutcome, PostReviewer, ReviewLinkRepo, ReviewRefused, Reviewer};
#[cfg(any(test, feature = "mocks"))]
pub use ports::{MockPostReviewer, MockReviewLinkRepo};
pub use service::{
    ClientReviewError, ClientReviewService, ClientReviewStorage, LinkSummary, NewReviewLink,
    OpenReview, awaits_review,
};
