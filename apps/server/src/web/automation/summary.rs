//! A rule as one sentence in the reader's language: "When someone
//! comments on any post with text that contains «цена»: reply publicly and
//! send a private message."

use socialflow_core::automation::{ActionSpec, MatchMode, PostScope, RuleSpec, SendMode, Trigger};

use crate::http::automation_text::action_name;
use crate::i18n::Tr;

/// Shown keywords, at most (the rest as "…").
const SHOWN_KEYWORDS: usize = 5;

fn quoted(tr: &Tr, words: &[String]) -> String {
    let mut shown: Vec<String> = words
        .iter()
        .take(SHOWN_KEYWORDS)
        .map(|w| format!("«{w}»"))
        .collect();
    if words.len() > SHOWN_KEYWORDS {
        shown.push("…".into());
    }
    join(&shown, &tr.t("automation-sum-or"))
}

/// "a, b or c".
fn join(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

pub fn summary(tr: &Tr, spec: &RuleSpec) -> String {
    let when = match &spec.trigger {
        Trigger::Comment { post } => match post {
            PostScope::Any => tr.t("automation-sum-comment-any"),
            PostScope::Media { media_id } => {
                tr.t1("automation-sum-comment-media", "media", media_id.as_str())
            }
            PostScope::NextPublished => tr.t("automation-sum-comment-next"),
        },
        Trigger::DirectMessage => tr.t("automation-sum-direct-message"),
        Trigger::StoryReply => tr.t("automation-sum-story-reply"),
        Trigger::StoryMention => tr.t("automation-sum-story-mention"),
        Trigger::IceBreaker { payload: None } => tr.t("automation-sum-ice-breaker"),
        Trigger::IceBreaker { payload: Some(p) } => tr.t1(
            "automation-sum-ice-breaker-payload",
            "payload",
            format!("«{p}»").as_str(),
        ),
    };
    let m = &spec.text;
    let mut matched = match m.mode {
        MatchMode::Any => tr.t("automation-sum-match-any"),
        MatchMode::Contains => tr.t1(
            "automation-sum-match-contains",
            "words",
            quoted(tr, &m.include).as_str(),
        ),
        MatchMode::Exact => tr.t1(
            "automation-sum-match-exact",
            "words",
            quoted(tr, &m.include).as_str(),
        ),
        MatchMode::Regex => tr.t1(
            "automation-sum-match-regex",
            "pattern",
            format!("/{}/", m.pattern.as_deref().unwrap_or("")).as_str(),
        ),
    };
    if !m.exclude.is_empty() {
        matched.push_str(", ");
        matched.push_str(&tr.t1(
            "automation-sum-exclude",
            "words",
            quoted(tr, &m.exclude).as_str(),
        ));
    }
    let actions: Vec<String> = spec
        .actions
        .iter()
        .map(|a: &ActionSpec| action_name(tr, a.kind()))
        .collect();
    let mut then = join(&actions, &tr.t("automation-sum-and"));
    let d = spec.delay;
    if d.max_seconds > 0 {
        then.push(' ');
        then.push_str(&tr.t_args(
            "automation-sum-delay",
            &[
                ("min", (d.min_seconds as usize).into()),
                ("max", (d.max_seconds as usize).into()),
            ],
        ));
    }
    if spec.send == SendMode::Approve {
        then.push(' ');
        then.push_str(&tr.t("automation-sum-approve"));
    }
    tr.t_args(
        "automation-sum-sentence",
        &[
            ("when", when.as_str().into()),
            ("match", matched.as_str().into()),
            ("then", then.as_str().into()),
        ],
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use socialflow_core::Language;

    fn price() -> RuleSpec {
        serde_json::from_str(include_str!(
            "../../../../../fixtures/automation/price-rule.json"
        ))
        .unwrap()
    }

    #[test]
    fn the_price_rule_reads_as_a_sentence_in_each_language() {
        assert_eq!(
            summary(&Tr::new(Language::En), &price()),
            "When someone comments on any post with text that contains «цена»: reply publicly and send a private message."
        );
        assert_eq!(
            summary(&Tr::new(Language::Ru), &price()),
            "Когда кто-то комментирует любой пост и в тексте есть «цена» — ответить публично и отправить личное сообщение."
        );
        assert_eq!(
            summary(&Tr::new(Language::Kk), &price()),
            "Біреу кез келген жазбаға пікір жазса және мәтінде «цена» болса — жария жауап беру және жеке хабарлама жіберу."
        );
    }
}
