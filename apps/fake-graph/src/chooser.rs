//! The account chooser (`FakeGraphConfig::account_chooser`, on in demo
//! mode): `GET /oauth/authorize` without `as=` shows a small page listing
//! the seeded accounts and "a new demo account"; `as=<username or IG_ID>`
//! consents as that account, `as=new` seeds a fresh copy of the demo and
//! consents as it, `cancel=1` refuses. Like Instagram's own dialog, where
//! the person picks whom to log in as, so a second SocialFlow user can
//! connect an account nobody else holds.

use crate::FakeGraph;
use crate::errors::GraphError;
use crate::oauth::{self, Ask};
use crate::params::Params;
use crate::state::State;

/// New demo accounts the chooser seeds at most: each holds a few hundred
/// objects in memory, and a page anyone on the machine can open creates them.
pub(crate) const MAX_DEMO_COPIES: u64 = 100;

/// What the dialog answers: a page to choose on, or where to go next.
pub(crate) enum Dialog {
    Page(String),
    Redirect(String),
}

pub(crate) fn authorize(fake: &FakeGraph, p: &Params) -> Result<Dialog, GraphError> {
    let ask = oauth::check(fake.config(), p)?;
    if p.get("cancel").is_some() {
        return Ok(Dialog::Redirect(oauth::denied(&ask)));
    }
    let account = match p.get("as") {
        None | Some("") => return Ok(Dialog::Page(page(&fake.state(), p, &ask))),
        // Seeding takes the state's lock itself: not held here.
        Some("new") => {
            let Some(seeded) = fake.seed_demo_copy_within(MAX_DEMO_COPIES) else {
                return Err(GraphError::oauth_host(&format!(
                    "The simulation holds {MAX_DEMO_COPIES} new demo accounts already: choose one of them"
                )));
            };
            fake.state().account_by_ig_id(&seeded.ig_user_id)
        }
        Some(who) => fake
            .state()
            .accounts
            .iter()
            .position(|a| a.username == who || a.ig_user_id == who),
    };
    let Some(account) = account else {
        return Err(GraphError::oauth_host(
            "No such account in the fake's dialog: choose one on the page",
        ));
    };
    oauth::consent(&mut fake.state(), &ask, Some(account)).map(Dialog::Redirect)
}

/// Text for HTML content and quoted attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// This dialog's query with `extra` instead of any earlier choice.
fn choice_href(p: &Params, extra: (&str, &str)) -> String {
    let mut pairs: Vec<(&str, &str)> = p
        .query_pairs()
        .iter()
        .filter(|(k, _)| k != "as" && k != "cancel")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    pairs.push(extra);
    format!(
        "?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

/// 23353 → "23,353".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const STYLE: &str = "
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#fafafa;color:#1f2328}
main{max-width:28rem;margin:0 auto;padding:2rem 1rem}
.card{background:#fff;border:1px solid #dbdbdb;border-radius:12px;padding:1.5rem 1.25rem}
.tag{display:inline-block;margin:0 0 .75rem;padding:.125rem .625rem;border-radius:999px;background:#fdf2e9;color:#8a3c00;font-size:.8125rem;font-weight:600}
h1{font-size:1.375rem;line-height:1.25;margin:0 0 .5rem}
p{margin:0 0 1rem}
.muted{color:#57606a;font-size:.9375rem}
ul.accounts{list-style:none;margin:0 0 1rem;padding:0;display:grid;gap:.5rem}
a.account{display:flex;align-items:center;gap:.75rem;min-height:56px;padding:.625rem .75rem;border:1px solid #dbdbdb;border-radius:10px;color:inherit;text-decoration:none}
a.account:hover,a.account:focus-visible{border-color:#0064e0;background:#f0f6ff}
a.account:focus-visible{outline:2px solid #0064e0;outline-offset:2px}
.avatar{flex:none;display:grid;place-items:center;width:40px;height:40px;border-radius:50%;background:linear-gradient(45deg,#f09433,#dc2743,#bc1888);color:#fff;font-weight:700}
.new .avatar{background:#e7f0fd;color:#0064e0;font-size:1.5rem}
.who{display:flex;flex-direction:column;min-width:0}
.who strong{overflow-wrap:anywhere}
.who span{color:#57606a;font-size:.875rem}
details{margin:0 0 1rem;font-size:.9375rem}
summary{cursor:pointer;padding:.75rem 0}
details ul{margin:.25rem 0 0;padding-left:1.25rem}
code{font-size:.8125rem;overflow-wrap:anywhere}
a.cancel{display:inline-flex;align-items:center;min-height:44px;color:#0064e0}
";

/// The chooser page: every seeded account, then "a new demo account".
fn page(state: &State, p: &Params, ask: &Ask<'_>) -> String {
    let mut items = String::new();
    for a in &state.accounts {
        let initial = a
            .username
            .chars()
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        items.push_str(&format!(
            "<li><a class=\"account\" href=\"{href}\"><span class=\"avatar\" aria-hidden=\"true\">{initial}</span>\
             <span class=\"who\"><strong>@{username}</strong><span>{name} · {followers} followers</span></span></a></li>\n",
            href = escape(&choice_href(p, ("as", &a.username))),
            initial = escape(&initial),
            username = escape(&a.username),
            name = escape(&a.name),
            followers = grouped(a.followers_count),
        ));
    }
    items.push_str(&format!(
        "<li><a class=\"account new\" href=\"{href}\"><span class=\"avatar\" aria-hidden=\"true\">+</span>\
         <span class=\"who\"><strong>A new demo account</strong><span>A fresh copy of the demo data with a username of its own</span></span></a></li>\n",
        href = escape(&choice_href(p, ("as", "new"))),
    ));
    let scopes: String = ask
        .requested
        .iter()
        .map(|s| format!("<li><code>{}</code></li>", escape(s)))
        .collect();
    let back = escape(
        ask.redirect_uri
            .split_once("://")
            .map_or(ask.redirect_uri, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or(""),
    );
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Choose an account · simulated Instagram</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <div class=\"card\">\n<p class=\"tag\">Simulated Instagram · demo</p>\n\
         <h1>Choose the account to connect</h1>\n\
         <p class=\"muted\">This page stands in for Instagram's login and consent screen. Nothing leaves this machine. \
         You will go back to <strong>{back}</strong>.</p>\n\
         <ul class=\"accounts\">\n{items}</ul>\n\
         <p class=\"muted\">An Instagram account can be connected by one user only: if someone else already uses these, choose a new demo account.</p>\n\
         <details><summary>Permissions the app asks for</summary><ul>{scopes}</ul></details>\n\
         <a class=\"cancel\" href=\"{cancel}\">Cancel</a>\n\
         </div>\n</main>\n</body>\n</html>\n",
        cancel = escape(&choice_href(p, ("cancel", "1"))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_grouping() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(23_353), "23,353");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn new_demo_accounts_stop_at_the_cap() {
        let fake = FakeGraph::new(crate::FakeGraphConfig {
            account_chooser: true,
            ..crate::FakeGraphConfig::default()
        });
        fake.seed_demo();
        let q = "client_id=fake-app-id&redirect_uri=https%3A%2F%2Fa.example%2Fcb&response_type=code&scope=instagram_business_basic&as=new";
        let p = Params::from_query(q);
        fake.state().demo_copies = MAX_DEMO_COPIES - 1;
        assert!(matches!(authorize(&fake, &p), Ok(Dialog::Redirect(_))));
        let accounts = fake.state().accounts.len();
        let Err(e) = authorize(&fake, &p) else {
            panic!("a copy past the cap");
        };
        assert_eq!(e.status.as_u16(), 400);
        assert_eq!(fake.state().accounts.len(), accounts);
        assert_eq!(fake.state().demo_copies, MAX_DEMO_COPIES);
    }

    #[test]
    fn a_choice_replaces_the_earlier_one() {
        let p = Params::from_query("client_id=a&as=old&state=s%26t&cancel=1");
        assert_eq!(
            choice_href(&p, ("as", "new")),
            "?client_id=a&state=s%26t&as=new"
        );
    }
}
