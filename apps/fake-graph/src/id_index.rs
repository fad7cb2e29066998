//! Lookups by id and by account over the fake's growing lists (media,
//! containers), so a benchmark with 100,000 posts does not scan them all on
//! every call. The lists only ever grow; the index catches up with new
//! entries on each lookup (the state is behind one mutex, so `&self`
//! lookups may update it).

use std::cell::RefCell;
use std::collections::HashMap;

#[derive(Debug, Default)]
struct Inner {
    /// Entries indexed so far.
    seen: usize,
    by_id: HashMap<String, usize>,
    by_account: HashMap<usize, Vec<usize>>,
}

#[derive(Debug, Default)]
pub(crate) struct IdIndex {
    inner: RefCell<Inner>,
}

/// The id and owning account of a list entry.
pub(crate) trait Keyed {
    fn key(&self) -> (&str, usize);
}

impl IdIndex {
    fn caught_up<T: Keyed>(&self, items: &[T]) -> std::cell::RefMut<'_, Inner> {
        let mut inner = self.inner.borrow_mut();
        if inner.seen > items.len() {
            // Never happens (the lists only grow); start again if it does.
            *inner = Inner::default();
        }
        for (i, item) in items.iter().enumerate().skip(inner.seen) {
            let (id, account) = item.key();
            inner.by_id.insert(id.to_string(), i);
            inner.by_account.entry(account).or_default().push(i);
        }
        inner.seen = items.len();
        inner
    }

    /// Where the entry with `id` is.
    pub(crate) fn position<T: Keyed>(&self, items: &[T], id: &str) -> Option<usize> {
        self.caught_up(items).by_id.get(id).copied()
    }

    /// Where `account`'s entries are, oldest first.
    pub(crate) fn of_account<T: Keyed>(&self, items: &[T], account: usize) -> Vec<usize> {
        self.caught_up(items)
            .by_account
            .get(&account)
            .cloned()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct E(String, usize);
    impl Keyed for E {
        fn key(&self) -> (&str, usize) {
            (&self.0, self.1)
        }
    }

    #[test]
    fn finds_entries_added_after_earlier_lookups() {
        let index = IdIndex::default();
        let mut items = vec![E("a".into(), 0), E("b".into(), 1)];
        assert_eq!(index.position(&items, "b"), Some(1));
        items.push(E("c".into(), 0));
        assert_eq!(index.position(&items, "c"), Some(2));
        assert_eq!(index.of_account(&items, 0), vec![0, 2]);
        assert_eq!(index.of_account(&items, 7), Vec::<usize>::new());
        assert_eq!(index.position(&items, "zz"), None);
    }
}
