//! A colour per Instagram account: stable (derived from the account's id,
//! so it never changes between pages or sessions) and one of a fixed
//! palette whose light and dark shades `calendar.css` keeps above 3:1
//! against the page in either theme.

use socialflow_core::account::AccountId;

/// How many colours the palette has (`acc-0` … `acc-7` in `calendar.css`).
pub const PALETTE: usize = 8;

const CLASSES: [&str; PALETTE] = [
    "acc-0", "acc-1", "acc-2", "acc-3", "acc-4", "acc-5", "acc-6", "acc-7",
];

/// The CSS class of the account's colour: FNV-1a over the id's bytes.
pub fn account_class(id: AccountId) -> &'static str {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.0.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    CLASSES[(h % PALETTE as u64) as usize]
}

/// The classes of `accounts`, in order: the derived colour, except that
/// when two of the user's accounts would share one, the later takes the
/// next free colour (up to eight accounts never share a colour).
pub fn classes_for(accounts: &[AccountId]) -> Vec<&'static str> {
    let mut taken = [false; PALETTE];
    let mut sorted: Vec<(usize, AccountId)> = accounts.iter().copied().enumerate().collect();
    // The id, not the list order, decides who keeps its own colour.
    sorted.sort_by_key(|(_, id)| id.0);
    let mut out = vec![CLASSES[0]; accounts.len()];
    for (i, id) in sorted {
        let own = CLASSES
            .iter()
            .position(|c| *c == account_class(id))
            .unwrap_or(0);
        let pick = (0..PALETTE)
            .map(|k| (own + k) % PALETTE)
            .find(|k| !taken[*k])
            .unwrap_or(own);
        taken[pick] = true;
        out[i] = CLASSES[pick];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_colour_is_stable_and_distinct_for_a_few_accounts() {
        let id = AccountId(uuid::Uuid::from_u128(42));
        assert_eq!(account_class(id), account_class(id));
        let ids: Vec<AccountId> = (0..8u128)
            .map(|i| AccountId(uuid::Uuid::from_u128(i * 7919)))
            .collect();
        let classes = classes_for(&ids);
        let mut unique = classes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 8, "{classes:?}");
        // The order of the list does not change anyone's colour.
        let mut reversed = ids.clone();
        reversed.reverse();
        let mut back = classes_for(&reversed);
        back.reverse();
        assert_eq!(back, classes);
    }
}
