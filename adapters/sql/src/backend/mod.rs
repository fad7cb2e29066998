//! The two databases. Each file holds what is particular to its database
//! (connection, row type, time/flag/counter encoding, dialect snippets,
//! locking) and compiles the shared `queries/` folder against it.

pub(crate) mod mariadb;
pub(crate) mod sqlite;
