//! Privacy by construction: the published policy and its acknowledgement,
//! the admin's view of the audit log, users' rights (export, erasure) and
//! the database dump behind backups.

pub mod audit_view;
pub mod dump;
pub mod erasure;
pub mod export;
pub mod policy;
pub mod ports;

pub use audit_view::{AuditFilter, AuditPage, AuditView, AuditViewError};
pub use dump::{CellValue, DatabaseDump, TableSchema, fk_order};
pub use erasure::{AccountEraser, ErasureError, ErasureReport, FileError, FileRef, UserFiles};
pub use export::{DataExportService, DataExporter, ExportContent, ExportError, ExportFile};
pub use policy::{PolicyService, PolicyVersion};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockPolicyRepo;
pub use ports::PolicyRepo;
