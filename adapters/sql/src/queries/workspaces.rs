//! Workspaces, their members and invitations.

use async_trait::async_trait;
use socialflow_core::account::AccountId;
use socialflow_core::crypto::TokenDigest;
use socialflow_core::notifications::NotificationRepo;
use socialflow_core::storage::StoreResult;
use socialflow_core::workspaces::{
    Accepted, AccountScope, HeaderFacts, Invitation, InvitationId, Member, MemberChange,
    MemberRole, Workspace, WorkspaceId, WorkspaceRepo,
};
use socialflow_core::{User, UserId};
use sqlx::Row as _;
use time::OffsetDateTime;
use uuid::Uuid;

use super::memberships::{write_member, write_member_accounts};
use super::{db, get_opt_time, get_time};
use crate::error::{corrupt, map};

const WORKSPACE_COLUMNS: &str = "w.id, w.name, w.personal, w.created_at";

fn read_workspace(row: &db::Row) -> StoreResult<Workspace> {
    Ok(Workspace {
        id: WorkspaceId(row.try_get::<Uuid, _>("id").map_err(map)?),
        name: row.try_get("name").map_err(map)?,
        personal: db::from_flag(row.try_get("personal").map_err(map)?),
        created_at: get_time(row, "created_at")?,
    })
}

fn read_role(raw: &str) -> StoreResult<MemberRole> {
    MemberRole::parse(raw).ok_or_else(|| corrupt("member role", raw))
}

async fn read_scope(
    conn: &mut db::Conn,
    ws: WorkspaceId,
    user: UserId,
    restricted: bool,
) -> StoreResult<AccountScope> {
    if !restricted {
        return Ok(AccountScope::All);
    }
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT account_id FROM workspace_member_accounts \
         WHERE workspace_id = ? AND user_id = ? ORDER BY account_id",
    )
    .bind(ws.0)
    .bind(user.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(map)?;
    Ok(AccountScope::Only(ids.into_iter().map(AccountId).collect()))
}

const MEMBER_SELECT: &str = "SELECT m.workspace_id, m.user_id, u.username, m.role, m.restricted, m.joined_at \
     FROM workspace_members m JOIN users u ON u.id = m.user_id";

async fn read_member(conn: &mut db::Conn, row: &db::Row) -> StoreResult<Member> {
    let ws = WorkspaceId(row.try_get::<Uuid, _>("workspace_id").map_err(map)?);
    let user = UserId(row.try_get::<Uuid, _>("user_id").map_err(map)?);
    let role: String = row.try_get("role").map_err(map)?;
    let restricted = db::from_flag(row.try_get("restricted").map_err(map)?);
    Ok(Member {
        workspace: ws,
        user,
        username: row.try_get("username").map_err(map)?,
        role: read_role(&role)?,
        accounts: read_scope(conn, ws, user, restricted).await?,
        joined_at: get_time(row, "joined_at")?,
    })
}

/// Locks the workspace row (a no-op write) so owner counts and member
/// counts are read and acted on one change at a time.
async fn lock_workspace(conn: &mut db::Conn, ws: WorkspaceId) -> StoreResult<bool> {
    let r = sqlx::query("UPDATE workspaces SET id = id WHERE id = ?")
        .bind(ws.0)
        .execute(&mut *conn)
        .await
        .map_err(map)?;
    Ok(r.rows_affected() == 1)
}

async fn count(conn: &mut db::Conn, sql: &'static str, ws: WorkspaceId) -> StoreResult<i64> {
    sqlx::query_scalar(sql)
        .bind(ws.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(map)
}

async fn owners(conn: &mut db::Conn, ws: WorkspaceId) -> StoreResult<i64> {
    count(
        conn,
        "SELECT COUNT(*) FROM workspace_members WHERE workspace_id = ? AND role = 'owner'",
        ws,
    )
    .await
}

async fn member_role(
    conn: &mut db::Conn,
    ws: WorkspaceId,
    user: UserId,
) -> StoreResult<Option<MemberRole>> {
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM workspace_members WHERE workspace_id = ? AND user_id = ?",
    )
    .bind(ws.0)
    .bind(user.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(map)?;
    role.as_deref().map(read_role).transpose()
}

const INVITATION_COLUMNS: &str = "id, workspace_id, role, accounts, email, digest, created_by, \
     created_at, expires_at, used_at, used_by, revoked_at";

fn read_invitation(row: &db::Row) -> StoreResult<Invitation> {
    let role: String = row.try_get("role").map_err(map)?;
    let accounts: Option<String> = row.try_get("accounts").map_err(map)?;
    let accounts = match accounts {
        None => AccountScope::All,
        Some(json) => AccountScope::Only(
            serde_json::from_str::<Vec<Uuid>>(&json)
                .map_err(|_| corrupt("invitation accounts", &json))?
                .into_iter()
                .map(AccountId)
                .collect(),
        ),
    };
    Ok(Invitation {
        id: InvitationId(row.try_get::<Uuid, _>("id").map_err(map)?),
        workspace: WorkspaceId(row.try_get::<Uuid, _>("workspace_id").map_err(map)?),
        role: read_role(&role)?,
        accounts,
        email: row.try_get("email").map_err(map)?,
        digest: TokenDigest(row.try_get("digest").map_err(map)?),
        created_by: row
            .try_get::<Option<Uuid>, _>("created_by")
            .map_err(map)?
            .map(UserId)
            .unwrap_or(UserId(Uuid::nil())),
        created_at: get_time(row, "created_at")?,
        expires_at: get_time(row, "expires_at")?,
        used_at: get_opt_time(row, "used_at")?,
        used_by: row
            .try_get::<Option<Uuid>, _>("used_by")
            .map_err(map)?
            .map(UserId),
        revoked_at: get_opt_time(row, "revoked_at")?,
    })
}

#[async_trait]
impl WorkspaceRepo for db::Store {
    async fn create_workspace(
        &self,
        principal: &User,
        workspace: &Workspace,
        owner: UserId,
        max: u32,
    ) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        // Lock the creator's row so parallel creations count one by one.
        sqlx::query("UPDATE users SET id = id WHERE id = ?")
            .bind(owner.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        let made: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM workspaces WHERE created_by = ? AND personal = ?",
        )
        .bind(owner.0)
        .bind(db::flag(false))
        .fetch_one(&mut *tx)
        .await
        .map_err(map)?;
        if made >= i64::from(max) {
            return Ok(false);
        }
        super::users::write_new_user(&mut tx, principal).await?;
        sqlx::query(
            "INSERT INTO workspaces (id, name, personal, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(workspace.id.0)
        .bind(&workspace.name)
        .bind(db::flag(false))
        .bind(owner.0)
        .bind(db::time(workspace.created_at))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        write_member(
            &mut tx,
            workspace.id,
            owner,
            MemberRole::Owner,
            &AccountScope::All,
            workspace.created_at,
        )
        .await?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn workspace(&self, id: WorkspaceId) -> StoreResult<Option<Workspace>> {
        let sql = format!("SELECT {WORKSPACE_COLUMNS} FROM workspaces w WHERE w.id = ?");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?
            .as_ref()
            .map(read_workspace)
            .transpose()
    }

    async fn workspaces_of(&self, user: UserId) -> StoreResult<Vec<(Workspace, MemberRole)>> {
        let sql = format!(
            "SELECT {WORKSPACE_COLUMNS}, m.role FROM workspaces w \
             JOIN workspace_members m ON m.workspace_id = w.id \
             WHERE m.user_id = ? ORDER BY w.personal DESC, w.name, w.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(|row| {
                let role: String = row.try_get("role").map_err(map)?;
                Ok((read_workspace(row)?, read_role(&role)?))
            })
            .collect()
    }

    async fn header_of(&self, user: UserId) -> StoreResult<HeaderFacts> {
        // The count rides along each workspace row as a scalar subquery: on
        // MariaDB cheaper than the two reads apart, and than a count table
        // joined to the list. Everyone who signs in has a personal
        // workspace; without any row (a workspace's principal) the count
        // is read alone.
        let sql = format!(
            "SELECT {WORKSPACE_COLUMNS}, m.role, (SELECT COUNT(*) FROM notifications n \
                WHERE n.owner_id = ? AND n.in_app = ? AND n.read_at IS NULL) AS unread \
             FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id \
             WHERE m.user_id = ? ORDER BY w.personal DESC, w.name, w.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .bind(db::flag(true))
            .bind(user.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?;
        let mut facts = HeaderFacts::default();
        for row in &rows {
            let unread: i64 = row.try_get("unread").map_err(map)?;
            facts.unread = u32::try_from(unread).unwrap_or(u32::MAX);
            let role: String = row.try_get("role").map_err(map)?;
            facts
                .workspaces
                .push((read_workspace(row)?, read_role(&role)?));
        }
        if rows.is_empty() {
            facts.unread = NotificationRepo::unread_notifications(self, user).await?;
        }
        Ok(facts)
    }

    async fn rename_workspace(&self, id: WorkspaceId, name: &str) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE workspaces SET name = ? WHERE id = ?")
            .bind(name)
            .bind(id.0)
            .execute(self.pool())
            .await
            .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }

    async fn membership(
        &self,
        workspace: WorkspaceId,
        user: UserId,
    ) -> StoreResult<Option<Member>> {
        let mut conn = self.conn().await?;
        let sql = format!("{MEMBER_SELECT} WHERE m.workspace_id = ? AND m.user_id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace.0)
            .bind(user.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(map)?;
        match row {
            Some(row) => Ok(Some(read_member(&mut conn, &row).await?)),
            None => Ok(None),
        }
    }

    async fn members(&self, workspace: WorkspaceId) -> StoreResult<Vec<Member>> {
        let mut conn = self.conn().await?;
        let sql = format!(
            "{MEMBER_SELECT} WHERE m.workspace_id = ? \
             ORDER BY CASE WHEN m.role = 'owner' THEN 0 ELSE 1 END, u.username"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace.0)
            .fetch_all(&mut *conn)
            .await
            .map_err(map)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(read_member(&mut conn, row).await?);
        }
        Ok(out)
    }

    async fn set_member(
        &self,
        workspace: WorkspaceId,
        user: UserId,
        role: MemberRole,
        accounts: &AccountScope,
    ) -> StoreResult<MemberChange> {
        let mut tx = db::begin_write(self.pool()).await?;
        if !lock_workspace(&mut tx, workspace).await? {
            return Ok(MemberChange::NotFound);
        }
        let Some(old) = member_role(&mut tx, workspace, user).await? else {
            return Ok(MemberChange::NotFound);
        };
        if old == MemberRole::Owner
            && role != MemberRole::Owner
            && owners(&mut tx, workspace).await? <= 1
        {
            return Ok(MemberChange::LastOwner);
        }
        sqlx::query(
            "UPDATE workspace_members SET role = ?, restricted = ? WHERE workspace_id = ? AND user_id = ?",
        )
        .bind(role.as_str())
        .bind(db::flag(matches!(accounts, AccountScope::Only(_))))
        .bind(workspace.0)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        write_member_accounts(&mut tx, workspace, user, accounts).await?;
        tx.commit().await.map_err(map)?;
        Ok(MemberChange::Done)
    }

    async fn remove_member(
        &self,
        workspace: WorkspaceId,
        user: UserId,
    ) -> StoreResult<MemberChange> {
        let mut tx = db::begin_write(self.pool()).await?;
        if !lock_workspace(&mut tx, workspace).await? {
            return Ok(MemberChange::NotFound);
        }
        let Some(old) = member_role(&mut tx, workspace, user).await? else {
            return Ok(MemberChange::NotFound);
        };
        // The personal workspace always keeps its person.
        if workspace.0 == user.0
            || (old == MemberRole::Owner && owners(&mut tx, workspace).await? <= 1)
        {
            return Ok(MemberChange::LastOwner);
        }
        sqlx::query("DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?")
            .bind(workspace.0)
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(MemberChange::Done)
    }

    async fn sole_owned_workspaces(&self, user: UserId) -> StoreResult<Vec<Workspace>> {
        let sql = format!(
            "SELECT {WORKSPACE_COLUMNS} FROM workspaces w \
             JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = ? AND m.role = 'owner' \
             WHERE w.personal = ? AND NOT EXISTS (SELECT 1 FROM workspace_members o \
                 WHERE o.workspace_id = w.id AND o.role = 'owner' AND o.user_id <> m.user_id) \
             ORDER BY w.name, w.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .bind(db::flag(false))
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read_workspace)
            .collect()
    }

    async fn insert_invitation(
        &self,
        inv: &Invitation,
        max_open: u32,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = db::begin_write(self.pool()).await?;
        if !lock_workspace(&mut tx, inv.workspace).await? {
            return Ok(false);
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM workspace_invitations WHERE workspace_id = ? \
             AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(inv.workspace.0)
        .bind(db::time(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(map)?;
        if open >= i64::from(max_open) {
            return Ok(false);
        }
        let accounts = match &inv.accounts {
            AccountScope::All => None,
            AccountScope::Only(ids) => Some(
                serde_json::to_string(&ids.iter().map(|a| a.0).collect::<Vec<_>>())
                    .map_err(|e| corrupt("invitation accounts", &e.to_string()))?,
            ),
        };
        let sql = format!(
            "INSERT INTO workspace_invitations ({INVITATION_COLUMNS}) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(inv.id.0)
            .bind(inv.workspace.0)
            .bind(inv.role.as_str())
            .bind(accounts)
            .bind(inv.email.as_deref())
            .bind(&inv.digest.0)
            .bind(inv.created_by.0)
            .bind(db::time(inv.created_at))
            .bind(db::time(inv.expires_at))
            .bind(inv.used_at.map(db::time))
            .bind(inv.used_by.map(|u| u.0))
            .bind(inv.revoked_at.map(db::time))
            .execute(&mut *tx)
            .await
            .map_err(map)?;
        tx.commit().await.map_err(map)?;
        Ok(true)
    }

    async fn invitations(&self, workspace: WorkspaceId) -> StoreResult<Vec<Invitation>> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM workspace_invitations WHERE workspace_id = ? \
             ORDER BY created_at DESC, id DESC"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(workspace.0)
            .fetch_all(self.pool())
            .await
            .map_err(map)?
            .iter()
            .map(read_invitation)
            .collect()
    }

    async fn invitation_by_digest(&self, digest: &TokenDigest) -> StoreResult<Option<Invitation>> {
        let sql =
            format!("SELECT {INVITATION_COLUMNS} FROM workspace_invitations WHERE digest = ?");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&digest.0)
            .fetch_optional(self.pool())
            .await
            .map_err(map)?
            .as_ref()
            .map(read_invitation)
            .transpose()
    }

    async fn accept_invitation(
        &self,
        digest: &TokenDigest,
        user: UserId,
        now: OffsetDateTime,
        max_members: u32,
    ) -> StoreResult<Accepted> {
        let mut tx = db::begin_write(self.pool()).await?;
        let sql =
            format!("SELECT {INVITATION_COLUMNS} FROM workspace_invitations WHERE digest = ?");
        let Some(inv) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&digest.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(map)?
            .as_ref()
            .map(read_invitation)
            .transpose()?
        else {
            return Ok(Accepted::Invalid);
        };
        if !lock_workspace(&mut tx, inv.workspace).await? {
            return Ok(Accepted::Invalid);
        }
        // Used only if still open now: two tabs opening one link use it once.
        let used = sqlx::query(
            "UPDATE workspace_invitations SET used_at = ?, used_by = ? WHERE id = ? \
             AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
        )
        .bind(db::time(now))
        .bind(user.0)
        .bind(inv.id.0)
        .bind(db::time(now))
        .execute(&mut *tx)
        .await
        .map_err(map)?;
        if used.rows_affected() != 1 {
            return Ok(Accepted::Invalid);
        }
        if member_role(&mut tx, inv.workspace, user).await?.is_none() {
            let members = count(
                &mut tx,
                "SELECT COUNT(*) FROM workspace_members WHERE workspace_id = ?",
                inv.workspace,
            )
            .await?;
            if members >= i64::from(max_members) {
                return Ok(Accepted::Full);
            }
            write_member(&mut tx, inv.workspace, user, inv.role, &inv.accounts, now).await?;
        }
        let sql = format!("{MEMBER_SELECT} WHERE m.workspace_id = ? AND m.user_id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(inv.workspace.0)
            .bind(user.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(map)?;
        let member = read_member(&mut tx, &row).await?;
        tx.commit().await.map_err(map)?;
        Ok(Accepted::Joined(member))
    }

    async fn revoke_invitation(
        &self,
        workspace: WorkspaceId,
        id: InvitationId,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE workspace_invitations SET revoked_at = ? \
             WHERE id = ? AND workspace_id = ? AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(db::time(now))
        .bind(id.0)
        .bind(workspace.0)
        .execute(self.pool())
        .await
        .map_err(map)?;
        Ok(r.rows_affected() == 1)
    }
}
