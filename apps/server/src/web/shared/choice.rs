//! An option of a `<select>` (or a radio): its value, label and whether it
//! is the chosen one.

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}
