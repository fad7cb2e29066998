//! The opaque paging cursor: the sort key of the last item shown. The list
//! is ordered by (time, key, id) descending, a total order, so the next
//! page starts strictly after it: items arriving meanwhile are newer and
//! never push an item onto a second page or hide one.

use time::OffsetDateTime;

use super::item::{ItemKey, TriageItem};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub at: OffsetDateTime,
    pub key: ItemKey,
    pub id: String,
}

impl Cursor {
    pub fn after(item: &TriageItem) -> Self {
        Self {
            at: item.at,
            key: item.key,
            id: item.id.clone(),
        }
    }

    /// Hex of `<unix nanos>:<key>:<id>`: opaque to clients, safe in a URL.
    pub fn encode(&self) -> String {
        let raw = format!(
            "{}:{}:{}",
            self.at.unix_timestamp_nanos(),
            self.key.code(),
            self.id
        );
        raw.bytes().map(|b| format!("{b:02x}")).collect()
    }

    pub fn decode(s: &str) -> Option<Self> {
        if !s.len().is_multiple_of(2) || s.len() > 2 * (40 + super::item::MAX_ID_BYTES) {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
            .collect();
        let raw = String::from_utf8(bytes?).ok()?;
        let (nanos, rest) = raw.split_once(':')?;
        let (key, id) = rest.split_once(':')?;
        let at = OffsetDateTime::from_unix_timestamp_nanos(nanos.parse().ok()?).ok()?;
        if id.is_empty() {
            return None;
        }
        Some(Self {
            at,
            key: ItemKey::from_code(key)?,
            id: id.to_string(),
        })
    }

    /// Whether `item` comes after this cursor in the list's order.
    pub fn precedes(&self, item: &TriageItem) -> bool {
        (item.at, item.key, item.id.as_str()) < (self.at, self.key, self.id.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn round_trips_and_refuses_garbage() {
        let c = Cursor {
            at: datetime!(2026-12-01 10:00:00.123456 UTC),
            key: ItemKey::Conversation,
            id: "igsid:9".into(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("zz"), None);
        assert_eq!(Cursor::decode("abc"), None);
        assert_eq!(Cursor::decode(""), None);
    }
}
