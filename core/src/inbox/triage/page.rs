//! The list's rules as plain functions: what a filter keeps and which
//! items make a page. The memory store uses them directly; the SQL adapter
//! says the same in SQL, and the storage contract holds both to it.

use super::item::TriageItem;
use super::query::{StateFilter, TriageFilter, TriageQuery, has_question};

/// Whether `item` passes `filter`.
pub fn matches(filter: &TriageFilter, item: &TriageItem) -> bool {
    if filter.account.is_some_and(|a| a != item.account_id) {
        return false;
    }
    if filter
        .accounts
        .as_ref()
        .is_some_and(|ids| !ids.contains(&item.account_id))
    {
        return false;
    }
    if let Some(m) = &filter.media
        && item.media_id.as_ref() != Some(m)
    {
        return false;
    }
    let state_ok = match filter.state {
        StateFilter::All => true,
        StateFilter::Unanswered => item.unanswered(),
        StateFilter::Open => !item.done,
        StateFilter::Done => item.done,
    };
    if !state_ok
        || (filter.hidden && !item.hidden)
        || (filter.question && !has_question(&item.text))
    {
        return false;
    }
    match &filter.search {
        Some(s) => {
            // Both sides lower-cased, as the SQL does (SQLite's LOWER()
            // folds ASCII letters only).
            let needle = s.to_lowercase();
            item.text.to_lowercase().contains(&needle)
                || item
                    .username
                    .as_deref()
                    .is_some_and(|u| u.to_lowercase().contains(&needle))
        }
        None => true,
    }
}

/// One page out of all of the owner's items: those matching after the
/// cursor, newest first, `limit + 1` at most.
pub fn select_page(
    items: impl IntoIterator<Item = TriageItem>,
    q: &TriageQuery,
) -> Vec<TriageItem> {
    let mut out: Vec<TriageItem> = items
        .into_iter()
        .filter(|i| matches(q.filter(), i))
        .filter(|i| q.after().is_none_or(|c| c.precedes(i)))
        .collect();
    out.sort_by(|a, b| (b.at, b.key, &b.id).cmp(&(a.at, a.key, &a.id)));
    out.truncate(q.limit() + 1);
    out
}
