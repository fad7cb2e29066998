//! Analytics: the page with its charts and tables, the CSV exports, and
//! the figures the dashboard shows per account.

mod charts;
pub mod format;
pub mod page;

pub use page::{DashboardAccount, dashboard_accounts, export_followers, export_posts};
