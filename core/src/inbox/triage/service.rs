//! The triage use cases: a page of the list, and marking items done or
//! open again.

use std::sync::Arc;

use super::cursor::Cursor;
use super::item::{ItemRef, TriageItem};
use super::port::TriageRepo;
use super::query::{MAX_BULK_ITEMS, TriageQuery};
use crate::store_error::StoreError;
use crate::workspaces::Access;
use crate::{Clock, UserId};

#[derive(Debug, thiserror::Error)]
pub enum TriageError {
    /// No item was chosen.
    #[error("no item chosen")]
    NoItems,
    /// More than [`MAX_BULK_ITEMS`] at once.
    #[error("at most {MAX_BULK_ITEMS} items at once")]
    TooManyItems,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A page and the cursor of the next one, if there is more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriagePage {
    pub items: Vec<TriageItem>,
    pub next: Option<String>,
}

#[derive(Clone)]
pub struct TriageService {
    repo: Arc<dyn TriageRepo>,
    clock: Arc<dyn Clock>,
}

impl TriageService {
    pub fn new(repo: Arc<dyn TriageRepo>, clock: Arc<dyn Clock>) -> Self {
        Self { repo, clock }
    }

    pub async fn page(&self, owner: UserId, query: &TriageQuery) -> Result<TriagePage, StoreError> {
        let mut items = self.repo.triage_items(owner, query).await?;
        let more = items.len() > query.limit();
        items.truncate(query.limit());
        let next = if more {
            items.last().map(|i| Cursor::after(i).encode())
        } else {
            None
        };
        Ok(TriagePage { items, next })
    }

    /// A page of the items a member sees: [`Self::page`] limited, in the
    /// query, to the member's accounts.
    pub async fn page_seen(
        &self,
        access: &Access,
        query: &TriageQuery,
    ) -> Result<TriagePage, StoreError> {
        let accounts = access.narrow(query.filter().accounts.clone());
        let query = query.clone().within(accounts);
        self.page(access.owner(), &query).await
    }

    /// [`Self::set_done`] for a member: items of accounts outside theirs
    /// are left alone (as if they did not exist).
    pub async fn set_done_seen(
        &self,
        access: &Access,
        items: &[ItemRef],
        done: bool,
    ) -> Result<u64, TriageError> {
        if items.is_empty() {
            return Err(TriageError::NoItems);
        }
        let seen: Vec<ItemRef> = items
            .iter()
            .filter(|i| access.sees_account(i.account))
            .cloned()
            .collect();
        if seen.is_empty() {
            return Ok(0);
        }
        self.set_done(access.owner(), &seen, done).await
    }

    /// Marks items done (`done`) or open again; returns how many changed.
    /// The user acting is recorded with the state.
    pub async fn set_done(
        &self,
        owner: UserId,
        items: &[ItemRef],
        done: bool,
    ) -> Result<u64, TriageError> {
        if items.is_empty() {
            return Err(TriageError::NoItems);
        }
        if items.len() > MAX_BULK_ITEMS {
            return Err(TriageError::TooManyItems);
        }
        let mut unique: Vec<ItemRef> = Vec::with_capacity(items.len());
        for i in items {
            if !unique.contains(i) {
                unique.push(i.clone());
            }
        }
        Ok(if done {
            self.repo
                .mark_done(owner, &unique, self.clock.now(), owner)
                .await?
        } else {
            self.repo.mark_open(owner, &unique).await?
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::item::{ItemKey, ItemKind};
    use super::super::page::select_page;
    use super::super::port::MockTriageRepo;
    use super::super::query::{StateFilter, TriageFilter};
    use super::*;
    use crate::account::AccountId;
    use std::sync::Mutex;
    use time::OffsetDateTime;
    use time::macros::datetime;

    struct Fixed;
    impl Clock for Fixed {
        fn now(&self) -> OffsetDateTime {
            datetime!(2026-12-01 12:00 UTC)
        }
    }

    fn item(n: i64, key: ItemKey, text: &str) -> TriageItem {
        TriageItem {
            account_id: AccountId(uuid::Uuid::from_u128(1)),
            account_username: "shop".into(),
            key,
            kind: if key == ItemKey::Comment {
                ItemKind::Comment
            } else {
                ItemKind::Message
            },
            id: format!("{n:04}"),
            media_id: (key == ItemKey::Comment).then(|| "m1".to_string()),
            post: None,
            text: text.into(),
            username: Some("fan".into()),
            // Pairs share a second so the key and id break ties.
            at: datetime!(2026-12-01 10:00 UTC) + time::Duration::seconds(n / 2),
            hidden: false,
            answered: false,
            done: false,
            replies: 0,
        }
    }

    /// A service over a list that the test can add to between pages.
    fn service(list: Arc<Mutex<Vec<TriageItem>>>) -> TriageService {
        let mut repo = MockTriageRepo::new();
        repo.expect_triage_items()
            .returning(move |_, q| Ok(select_page(list.lock().unwrap().clone(), q)));
        TriageService::new(Arc::new(repo), Arc::new(Fixed))
    }

    #[tokio::test]
    async fn paging_never_repeats_or_skips_while_items_arrive() {
        let list = Arc::new(Mutex::new(
            (0..23)
                .map(|n| {
                    let key = if n % 3 == 0 {
                        ItemKey::Conversation
                    } else {
                        ItemKey::Comment
                    };
                    item(n, key, "hi")
                })
                .collect::<Vec<_>>(),
        ));
        let original: Vec<String> = {
            let mut v: Vec<TriageItem> = list.lock().unwrap().clone();
            v.sort_by(|a, b| (b.at, b.key, &b.id).cmp(&(a.at, a.key, &a.id)));
            v.into_iter().map(|i| i.id).collect()
        };
        let svc = service(list.clone());
        let owner = UserId(uuid::Uuid::from_u128(9));
        let mut seen: Vec<String> = Vec::new();
        let mut cursor: Option<String> = None;
        let mut new_n = 100;
        loop {
            let q = TriageQuery::new(TriageFilter::default(), cursor.as_deref(), Some(5)).unwrap();
            let page = svc.page(owner, &q).await.unwrap();
            assert!(page.items.len() <= 5);
            seen.extend(page.items.iter().map(|i| i.id.clone()));
            // Newer items arrive between pages.
            list.lock()
                .unwrap()
                .push(item(new_n, ItemKey::Comment, "new"));
            new_n += 1;
            match page.next {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(
            seen, original,
            "every item once, in order, none of the newcomers"
        );
    }

    #[tokio::test]
    async fn filters_pick_state_question_search_and_post() {
        let mut a = item(1, ItemKey::Comment, "What size is this?");
        a.answered = true;
        let mut b = item(2, ItemKey::Comment, "Love it");
        b.done = true;
        b.hidden = true;
        let c = item(3, ItemKey::Conversation, "كم السعر؟");
        let d = item(4, ItemKey::Comment, "100% WOOL_ please");
        let list = Arc::new(Mutex::new(vec![a, b, c, d]));
        let svc = service(list);
        let owner = UserId(uuid::Uuid::from_u128(9));
        let ids = |f: TriageFilter| {
            let svc = svc.clone();
            async move {
                let q = TriageQuery::new(f, None, None).unwrap();
                let p = svc.page(owner, &q).await.unwrap();
                p.items.into_iter().map(|i| i.id).collect::<Vec<_>>()
            }
        };
        let f = TriageFilter::default;
        assert_eq!(ids(f()).await, ["0004", "0003", "0002", "0001"]);
        let un = TriageFilter {
            state: StateFilter::Unanswered,
            ..f()
        };
        assert_eq!(ids(un).await, ["0004", "0003"]);
        let done = TriageFilter {
            state: StateFilter::Done,
            ..f()
        };
        assert_eq!(ids(done).await, ["0002"]);
        let open = TriageFilter {
            state: StateFilter::Open,
            ..f()
        };
        assert_eq!(ids(open).await, ["0004", "0003", "0001"]);
        let q = TriageFilter {
            question: true,
            ..f()
        };
        assert_eq!(ids(q).await, ["0003", "0001"]);
        let h = TriageFilter {
            hidden: true,
            ..f()
        };
        assert_eq!(ids(h).await, ["0002"]);
        let s = TriageFilter {
            search: Some("wool_".into()),
            ..f()
        };
        assert_eq!(ids(s).await, ["0004"]);
        let pct = TriageFilter {
            search: Some("%".into()),
            ..f()
        };
        assert_eq!(ids(pct).await, ["0004"], "% is a character, not a wildcard");
        let post = TriageFilter {
            media: Some("m1".into()),
            ..f()
        };
        assert_eq!(ids(post).await, ["0004", "0002", "0001"]);
    }

    #[tokio::test]
    async fn bulk_is_capped_deduplicated_and_not_empty() {
        let mut repo = MockTriageRepo::new();
        repo.expect_mark_done()
            .withf(|_, items, _, _| items.len() == 1)
            .times(1)
            .returning(|_, items, _, _| Ok(items.len() as u64));
        let svc = TriageService::new(Arc::new(repo), Arc::new(Fixed));
        let owner = UserId(uuid::Uuid::from_u128(9));
        let r = item(1, ItemKey::Comment, "x").item_ref();
        assert_eq!(
            svc.set_done(owner, &[r.clone(), r.clone()], true)
                .await
                .unwrap(),
            1
        );
        assert!(matches!(
            svc.set_done(owner, &[], true).await,
            Err(TriageError::NoItems)
        ));
        let many = vec![r; MAX_BULK_ITEMS + 1];
        assert!(matches!(
            svc.set_done(owner, &many, true).await,
            Err(TriageError::TooManyItems)
        ));
    }
}
