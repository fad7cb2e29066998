//! Migration 0600 (teams) on a copy of real-shaped data, on both databases:
//! a database migrated to 0520 gets people (a user and an admin, Cyrillic
//! texts), their Instagram accounts, saved replies and snippets in the old
//! schema; migrating on gives every person a personal workspace they own,
//! whose data is exactly what they had — nothing moved, nothing lost.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use socialflow_core::storage::Store;
use socialflow_core::workspaces::{AccountScope, MemberRole, WorkspaceId};
use socialflow_core::{UserId, Username};
use uuid::Uuid;

/// The last migration before teams.
const BEFORE_TEAMS: i64 = 520;

struct Person {
    id: Uuid,
    name: &'static str,
    role: &'static str,
    accounts: Vec<Uuid>,
    replies: Vec<Uuid>,
}

fn people() -> Vec<Person> {
    [
        ("alice", "user", 2, 3),
        ("root", "admin", 1, 0),
        ("bolat", "user", 0, 1),
    ]
    .into_iter()
    .map(|(name, role, accounts, replies)| Person {
        id: Uuid::now_v7(),
        name,
        role,
        accounts: (0..accounts).map(|_| Uuid::now_v7()).collect(),
        replies: (0..replies).map(|_| Uuid::now_v7()).collect(),
    })
    .collect()
}

/// Checks what the migrated store says about the people seeded before it.
async fn assert_migrated(store: Arc<dyn Store>, people: &[Person]) {
    assert_eq!(store.count_users().await.unwrap(), people.len() as u64);
    for p in people {
        let user = store
            .user_by_username(&Username::parse(p.name).unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(user.id, UserId(p.id));
        assert!(!user.is_workspace());
        let mine = store.workspaces_of(user.id).await.unwrap();
        assert_eq!(mine.len(), 1, "{}: one personal workspace", p.name);
        let (ws, role) = &mine[0];
        assert_eq!(
            (ws.id, ws.personal, *role),
            (WorkspaceId(p.id), true, MemberRole::Owner)
        );
        assert_eq!(ws.name, p.name);
        let member = store.membership(ws.id, user.id).await.unwrap().unwrap();
        assert_eq!(member.accounts, AccountScope::All);
        // The workspace's data is the person's, read by the workspace's owner id.
        let mut accounts: Vec<Uuid> = store
            .accounts_of(ws.id.owner())
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.id.0)
            .collect();
        accounts.sort();
        let mut want = p.accounts.clone();
        want.sort();
        assert_eq!(accounts, want, "{}: accounts", p.name);
        let replies = store.saved_replies(ws.id.owner()).await.unwrap();
        assert_eq!(replies.len(), p.replies.len(), "{}: saved replies", p.name);
        assert!(replies.iter().all(|r| r.text.contains("Сәлем")));
        let snippets = store.snippets(ws.id.owner()).await.unwrap();
        assert_eq!(snippets.len(), 1, "{}: snippets", p.name);
    }
}

/// Seeds `people` in the 0520 schema through `pool`, with the database's
/// own time encoding: `at(i)` the i-th person's creation time, `expires` a
/// token's expiry and `t` every other time.
macro_rules! seed_old_schema {
    ($pool:expr, $people:expr, $at:expr, $expires:expr, $t:expr) => {{
        for (i, p) in $people.iter().enumerate() {
            sqlx::query(
                "INSERT INTO users (id, username, password_hash, role, language, time_zone, created_at, updated_at) \
                 VALUES (?, ?, '$2b$12$x', ?, 'kk', 'Asia/Almaty', ?, ?)",
            )
            .bind(p.id)
            .bind(p.name)
            .bind(p.role)
            .bind($at(i))
            .bind($at(i))
            .execute($pool)
            .await
            .unwrap();
            for (j, a) in p.accounts.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO accounts (id, owner_id, ig_user_id, app_scoped_id, username, name, \
                     token_ciphertext, token_expires_at, token_refreshed_at, scopes, status, connected_at, \
                     profile_fetched_at) VALUES (?, ?, ?, ?, ?, 'Кофейня «Север»', X'0102', ?, ?, \
                     'instagram_business_basic', 'active', ?, ?)",
                )
                .bind(a)
                .bind(p.id)
                .bind(format!("17841{i}{j}"))
                .bind(format!("app-{i}{j}"))
                .bind(format!("{}_{j}", p.name))
                .bind($expires)
                .bind($t)
                .bind($t)
                .bind($t)
                .execute($pool)
                .await
                .unwrap();
            }
            for r in &p.replies {
                sqlx::query(
                    "INSERT INTO saved_replies (id, owner_id, name, body, created_at, updated_at) \
                     VALUES (?, ?, 'Привет', 'Сәлем! Спасибо 🙏', ?, ?)",
                )
                .bind(r)
                .bind(p.id)
                .bind($t)
                .bind($t)
                .execute($pool)
                .await
                .unwrap();
            }
            sqlx::query(
                "INSERT INTO snippets (id, owner_id, kind, name, body, created_at, updated_at) \
                 VALUES (?, ?, 'hashtags', 'Алматы', '#almaty #кофе', ?, ?)",
            )
            .bind(Uuid::now_v7())
            .bind(p.id)
            .bind($t)
            .bind($t)
            .execute($pool)
            .await
            .unwrap();
        }
    }};
}

mod sqlite {
    use super::*;
    use socialflow_core::storage::HealthRepo;
    use socialflow_sql::SqliteStore;

    const T: i64 = 1_772_600_767_123_456;

    #[tokio::test]
    async fn existing_data_moves_into_personal_workspaces_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        let store = SqliteStore::connect(&url).await.unwrap();
        let dir_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite");
        let migrator = sqlx::migrate::Migrator::new(dir_path).await.unwrap();
        migrator.run_to(BEFORE_TEAMS, store.pool()).await.unwrap();
        let people = people();
        seed_old_schema!(
            store.pool(),
            people,
            |i: usize| T + i as i64,
            T + 86_400_000_000 * 60,
            T
        );
        store.migrate().await.unwrap();
        assert_migrated(Arc::new(store.clone()), &people).await;
        store.pool().close().await;
    }
}

mod mariadb {
    use super::*;
    use socialflow_core::storage::HealthRepo;
    use socialflow_sql::{MariaDbStore, ScratchDatabase};
    use time::macros::datetime;

    const T: time::PrimitiveDateTime = datetime!(2026-03-04 05:06:07.123456);

    #[tokio::test]
    async fn existing_data_moves_into_personal_workspaces_on_mariadb() {
        let db = ScratchDatabase::create(&ScratchDatabase::server_url())
            .await
            .expect("the MariaDB test server (SOCIALFLOW_TEST_MARIADB_URL) must be reachable");
        let store = MariaDbStore::connect(&db.url).await.unwrap();
        let dir_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/mariadb");
        let migrator = sqlx::migrate::Migrator::new(dir_path).await.unwrap();
        migrator.run_to(BEFORE_TEAMS, store.pool()).await.unwrap();
        let people = people();
        seed_old_schema!(
            store.pool(),
            people,
            |i: usize| T + time::Duration::seconds(i as i64),
            T + time::Duration::days(60),
            T
        );
        store.migrate().await.unwrap();
        assert_migrated(Arc::new(store.clone()), &people).await;
        store.pool().close().await;
        db.drop_database().await.unwrap();
    }
}
