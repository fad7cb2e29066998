//! Analytics: the page with its charts and tables, the CSV exports, and
//! the figures the dashboard shows per account.

pub mod audience_bars;
mod charts;
pub mod conditional;
pub mod csv;
pub mod dashboard;
pub mod format;
pub mod heatmap;
pub mod kpis;
pub mod page;
pub mod query;
pub mod report;
pub mod views;

pub use dashboard::{DashboardAccount, dashboard_accounts};
