//! The writes of memberships that both a new person (their personal
//! workspace) and the workspaces' own queries make.

use socialflow_core::User;
use socialflow_core::UserId;
use socialflow_core::storage::StoreResult;
use socialflow_core::workspaces::{AccountScope, MemberRole, WorkspaceId};
use time::OffsetDateTime;

use super::db;
use crate::error::map;

/// The personal workspace of a new person, in the transaction that stores them.
pub(super) async fn write_personal_workspace(conn: &mut db::Conn, u: &User) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO workspaces (id, name, personal, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(u.id.0)
    .bind(u.username.as_str())
    .bind(db::flag(true))
    .bind(u.id.0)
    .bind(db::time(u.created_at))
    .execute(&mut *conn)
    .await
    .map_err(map)?;
    write_member(
        conn,
        WorkspaceId(u.id.0),
        u.id,
        MemberRole::Owner,
        &AccountScope::All,
        u.created_at,
    )
    .await
}

pub(super) async fn write_member(
    conn: &mut db::Conn,
    ws: WorkspaceId,
    user: UserId,
    role: MemberRole,
    scope: &AccountScope,
    at: OffsetDateTime,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO workspace_members (workspace_id, user_id, role, restricted, joined_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(ws.0)
    .bind(user.0)
    .bind(role.as_str())
    .bind(db::flag(matches!(scope, AccountScope::Only(_))))
    .bind(db::time(at))
    .execute(&mut *conn)
    .await
    .map_err(map)?;
    write_member_accounts(conn, ws, user, scope).await
}

/// Replaces a member's account list; only accounts of the workspace are kept.
pub(super) async fn write_member_accounts(
    conn: &mut db::Conn,
    ws: WorkspaceId,
    user: UserId,
    scope: &AccountScope,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM workspace_member_accounts WHERE workspace_id = ? AND user_id = ?")
        .bind(ws.0)
        .bind(user.0)
        .execute(&mut *conn)
        .await
        .map_err(map)?;
    if let AccountScope::Only(ids) = scope {
        for id in ids {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "{} INTO workspace_member_accounts (workspace_id, user_id, account_id) \
                 SELECT ?, ?, id FROM accounts WHERE id = ? AND owner_id = ?",
                db::INSERT_IGNORE
            )))
            .bind(ws.0)
            .bind(user.0)
            .bind(id.0)
            .bind(ws.0)
            .execute(&mut *conn)
            .await
            .map_err(map)?;
        }
    }
    Ok(())
}
