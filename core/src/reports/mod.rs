//! Shareable analytics reports: a signed, expiring, revocable read-only
//! link to one account's report for one period, that opens without login
//! (what agencies send their clients). Only the digest of the link's
//! secret is stored, like API tokens and calendar feeds.

mod export;
mod link;
mod ports;
mod service;

pub use export::ReportLinksExporter;
pub use link::{
    MAX_LINKS_PER_ACCOUNT, MAX_VALID_DAYS, ReportLink, ReportLinkId, ReportLinkProblem, valid_days,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockReportLinkRepo;
pub use ports::ReportLinkRepo;
pub use service::{NewReportLink, ReportLinkError, ReportLinkService, SharedReport};
