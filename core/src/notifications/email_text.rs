//! E-mail content, translated here (the worker has no web templates):
//! a subject, a plain-text body and a simple HTML body, in the user's
//! language. Only counts and links: no comment, message or caption text.

use super::{Figures, Notification, NotificationKind};
use crate::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailContent {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// `&`, `<`, `>`, `"` and `'` as entities.
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

/// Digits grouped by thin spaces (ru, kk) or commas (en).
pub fn number(lang: Language, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match lang {
        Language::En => ",",
        Language::Ru | Language::Kk => "\u{a0}",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

fn signed(lang: Language, n: i64) -> String {
    if n > 0 {
        format!("+{}", number(lang, n))
    } else {
        number(lang, n)
    }
}

/// (subject, lines) of an approval notification: what happened to a post
/// of `at` (never its caption or a note's text).
fn approval_words(f: &Figures, at: &str, lang: Language) -> (String, Vec<String>) {
    use super::ReviewEvent as E;
    let event = f.review.unwrap_or(E::Submitted);
    let (subject, line) = match (event, lang) {
        (E::Submitted, Language::En) => (
            format!("{at}: a post waits for your approval"),
            "A team member sent a post for review. It will not be published unless someone approves it before its time.",
        ),
        (E::Submitted, Language::Ru) => (
            format!("{at}: публикация ждёт вашего одобрения"),
            "Участник команды отправил публикацию на проверку. Она не выйдет, если её не одобрят до назначенного времени.",
        ),
        (E::Submitted, Language::Kk) => (
            format!("{at}: жазба мақұлдауыңызды күтеді"),
            "Команда мүшесі жазбаны тексеруге жіберді. Белгіленген уақытқа дейін мақұлданбаса, ол жарияланбайды.",
        ),
        (E::Approved, Language::En) => (
            format!("{at}: your post was approved"),
            "It is scheduled and will be published at its time.",
        ),
        (E::Approved, Language::Ru) => (
            format!("{at}: ваша публикация одобрена"),
            "Она запланирована и выйдет в назначенное время.",
        ),
        (E::Approved, Language::Kk) => (
            format!("{at}: жазбаңыз мақұлданды"),
            "Ол жоспарланды және белгіленген уақытта жарияланады.",
        ),
        (E::ChangesRequested, Language::En) => (
            format!("{at}: changes were requested on your post"),
            "A reviewer left a note. Edit the post and send it for review again.",
        ),
        (E::ChangesRequested, Language::Ru) => (
            format!("{at}: в вашей публикации просят изменений"),
            "Проверяющий оставил заметку. Исправьте публикацию и снова отправьте её на проверку.",
        ),
        (E::ChangesRequested, Language::Kk) => (
            format!("{at}: жазбаңызға өзгерістер сұралды"),
            "Тексеруші ескертпе қалдырды. Жазбаны түзетіп, қайта тексеруге жіберіңіз.",
        ),
        (E::Expired, Language::En) => (
            format!("{at}: a post expired without approval"),
            "Its time came before anyone approved it, so it was not published. Pick a new time and send it for review again.",
        ),
        (E::Expired, Language::Ru) => (
            format!("{at}: публикация истекла без одобрения"),
            "Её время наступило раньше, чем её одобрили, поэтому она не вышла. Выберите новое время и снова отправьте на проверку.",
        ),
        (E::Expired, Language::Kk) => (
            format!("{at}: жазба мақұлданбай мерзімі өтті"),
            "Оны мақұлдағанша уақыты келіп қалды, сондықтан ол жарияланбады. Жаңа уақыт таңдап, қайта тексеруге жіберіңіз.",
        ),
        (E::Mentioned, Language::En) => (
            format!("{at}: you were mentioned in a team note"),
            "A team member mentioned you in the notes of a post.",
        ),
        (E::Mentioned, Language::Ru) => (
            format!("{at}: вас упомянули в заметке команды"),
            "Участник команды упомянул вас в заметках к публикации.",
        ),
        (E::Mentioned, Language::Kk) => (
            format!("{at}: сізді команда ескертпесінде атап өтті"),
            "Команда мүшесі жазбаның ескертпелерінде сізді атап өтті.",
        ),
    };
    (subject, vec![line.to_string()])
}

/// (subject, lines) for one notification.
fn words(n: &Notification, lang: Language) -> (String, Vec<String>) {
    let at = if n.subject.is_empty() {
        String::new()
    } else {
        format!("@{}", n.subject)
    };
    let f: &Figures = &n.figures;
    let count = f.count.unwrap_or(0);
    match (n.kind, lang) {
        (NotificationKind::PostFailed, Language::En) => (
            format!("A post for {at} was not published"),
            vec!["Instagram refused a scheduled post. Open it to see why and try again.".into()],
        ),
        (NotificationKind::PostFailed, Language::Ru) => (
            format!("Публикация для {at} не вышла"),
            vec!["Instagram отклонил запланированную публикацию. Откройте её, чтобы узнать причину и повторить.".into()],
        ),
        (NotificationKind::PostFailed, Language::Kk) => (
            format!("{at} жазбасы жарияланбады"),
            vec!["Instagram жоспарланған жазбаны қабылдамады. Себебін көріп, қайталау үшін оны ашыңыз.".into()],
        ),
        (NotificationKind::AccountReconnect, Language::En) => (
            format!("Reconnect {at} to keep publishing"),
            vec!["Instagram no longer accepts SocialFlow's access to this account. Scheduled posts will not go out until you reconnect it.".into()],
        ),
        (NotificationKind::AccountReconnect, Language::Ru) => (
            format!("Переподключите {at}, чтобы публикации выходили"),
            vec!["Instagram больше не принимает доступ SocialFlow к этому аккаунту. Запланированные публикации не выйдут, пока вы его не переподключите.".into()],
        ),
        (NotificationKind::AccountReconnect, Language::Kk) => (
            format!("Жариялауды жалғастыру үшін {at} қайта қосыңыз"),
            vec!["Instagram бұл аккаунтқа SocialFlow қолжетімділігін енді қабылдамайды. Қайта қоспайынша жоспарланған жазбалар шықпайды.".into()],
        ),
        (NotificationKind::WebhookDisabled, Language::En) => (
            "A webhook endpoint was disabled".to_string(),
            vec![format!("Every delivery to {} failed for three days, so SocialFlow stopped sending to it. Fix the receiver, then enable it again under Settings → Webhooks.", n.subject)],
        ),
        (NotificationKind::WebhookDisabled, Language::Ru) => (
            "Вебхук отключён".to_string(),
            vec![format!("Все доставки на {} не удавались три дня, и SocialFlow перестал туда отправлять. Исправьте приёмник и включите его снова в «Настройки → Вебхуки».", n.subject)],
        ),
        (NotificationKind::WebhookDisabled, Language::Kk) => (
            "Вебхук өшірілді".to_string(),
            vec![format!("{} мекенжайына барлық жеткізу үш күн бойы сәтсіз болды, сондықтан SocialFlow оған жіберуді тоқтатты. Қабылдағышты түзетіп, оны «Баптаулар → Вебхуктар» бөлімінде қайта қосыңыз.", n.subject)],
        ),
        (NotificationKind::QuotaNearlyUsed, lang) => {
            let limit = f.limit.unwrap_or(0);
            match lang {
                Language::En => (
                    format!("{at} has used {count} of {limit} posts for today"),
                    vec!["Instagram allows a limited number of posts per account in 24 hours. Posts beyond it wait until the quota frees up.".into()],
                ),
                Language::Ru => (
                    format!("{at}: использовано {count} из {limit} публикаций за сутки"),
                    vec!["Instagram разрешает ограниченное число публикаций на аккаунт за 24 часа. Сверх лимита публикации ждут, пока он освободится.".into()],
                ),
                Language::Kk => (
                    format!("{at}: тәулікке {limit} жазбаның {count} қолданылды"),
                    vec!["Instagram бір аккаунтқа 24 сағатта шектеулі жазба санын рұқсат етеді. Шектен тыс жазбалар орын босағанша күтеді.".into()],
                ),
            }
        }
        (NotificationKind::InboxDigest, lang) => {
            let unanswered = i64::from(f.unanswered.unwrap_or(0));
            let unread = i64::from(f.unread.unwrap_or(0));
            match lang {
                Language::En => (
                    "Your inbox is waiting".to_string(),
                    vec![
                        format!("Comments without a reply: {}", number(lang, unanswered)),
                        format!("Unread conversations: {}", number(lang, unread)),
                    ],
                ),
                Language::Ru => (
                    "Вас ждут во входящих".to_string(),
                    vec![
                        format!("Комментарии без ответа: {}", number(lang, unanswered)),
                        format!("Непрочитанные переписки: {}", number(lang, unread)),
                    ],
                ),
                Language::Kk => (
                    "Кіріс жәшігіңіз күтіп тұр".to_string(),
                    vec![
                        format!("Жауапсыз пікірлер: {}", number(lang, unanswered)),
                        format!("Оқылмаған хат алмасулар: {}", number(lang, unread)),
                    ],
                ),
            }
        }
        (NotificationKind::Automation, lang) => match (f.count, lang) {
            (Some(n), Language::En) => (
                format!("{at}: automation replies wait for your approval"),
                vec![format!("Replies waiting: {}. Nothing is sent until you approve them in the inbox.", number(lang, i64::from(n)))],
            ),
            (Some(n), Language::Ru) => (
                format!("{at}: ответы автоматизации ждут одобрения"),
                vec![format!("Ждут ответов: {}. Ничего не отправится, пока вы не одобрите их во входящих.", number(lang, i64::from(n)))],
            ),
            (Some(n), Language::Kk) => (
                format!("{at}: автоматтандыру жауаптары мақұлдауды күтеді"),
                vec![format!("Күтетін жауаптар: {}. Кірісте мақұлдамайынша ештеңе жіберілмейді.", number(lang, i64::from(n)))],
            ),
            (None, Language::En) => (
                format!("{at}: automation paused"),
                vec!["Instagram refused the account's access, so automation stopped answering. Reconnect the account, then resume automation; waiting replies are kept.".into()],
            ),
            (None, Language::Ru) => (
                format!("{at}: автоматизация приостановлена"),
                vec!["Instagram отклонил доступ к аккаунту, и автоматизация перестала отвечать. Переподключите аккаунт и возобновите автоматизацию; ожидающие ответы сохранены.".into()],
            ),
            (None, Language::Kk) => (
                format!("{at}: автоматтандыру кідіртілді"),
                vec!["Instagram аккаунтқа кіруден бас тартты, сондықтан автоматтандыру жауап беруді тоқтатты. Аккаунтты қайта қосып, автоматтандыруды жалғастырыңыз; күтетін жауаптар сақталды.".into()],
            ),
        },
        (NotificationKind::Approval, lang) => approval_words(f, &at, lang),
        (NotificationKind::WeeklySummary, lang) => {
            let followers = signed(lang, f.followers_delta.unwrap_or(0));
            let reach = number(lang, i64::try_from(f.reach.unwrap_or(0)).unwrap_or(i64::MAX));
            let unanswered = number(lang, i64::from(f.unanswered.unwrap_or(0)));
            let best = f.best_post_reach.map(|r| {
                number(lang, i64::try_from(r).unwrap_or(i64::MAX))
            });
            let link = f.best_post_link.clone().unwrap_or_default();
            let (subject, l1, l2, l3, l4) = match lang {
                Language::En => (
                    format!("{at}: your week on Instagram"),
                    format!("Followers: {followers}"),
                    format!("Reach: {reach}"),
                    best.map(|b| format!("Best post: reach {b} {link}")),
                    format!("Comments without a reply: {unanswered}"),
                ),
                Language::Ru => (
                    format!("{at}: ваша неделя в Instagram"),
                    format!("Подписчики: {followers}"),
                    format!("Охват: {reach}"),
                    best.map(|b| format!("Лучшая публикация: охват {b} {link}")),
                    format!("Комментарии без ответа: {unanswered}"),
                ),
                Language::Kk => (
                    format!("{at}: Instagram-дағы аптаңыз"),
                    format!("Жазылушылар: {followers}"),
                    format!("Қамту: {reach}"),
                    best.map(|b| format!("Үздік жазба: қамту {b} {link}")),
                    format!("Жауапсыз пікірлер: {unanswered}"),
                ),
            };
            let mut lines = vec![l1, l2];
            lines.extend(l3);
            lines.push(l4);
            (subject, lines)
        }
    }
}

fn footer(lang: Language) -> &'static str {
    match lang {
        Language::En => {
            "Change which e-mails you get and your quiet hours in SocialFlow: Settings → Notifications."
        }
        Language::Ru => {
            "Какие письма получать и тихие часы — в SocialFlow: Настройки → Уведомления."
        }
        Language::Kk => {
            "Қандай хаттар алу және тыныш сағаттар — SocialFlow ішінде: Баптаулар → Хабарландырулар."
        }
    }
}

fn open_label(lang: Language) -> &'static str {
    match lang {
        Language::En => "Open in SocialFlow",
        Language::Ru => "Открыть в SocialFlow",
        Language::Kk => "SocialFlow-да ашу",
    }
}

fn assemble(lang: Language, subject: String, lines: Vec<String>, url: &str) -> EmailContent {
    let mut text = lines.join("\n");
    text.push_str(&format!(
        "\n\n{}: {url}\n\n-- \n{}\n",
        open_label(lang),
        footer(lang)
    ));
    let mut html = format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body style=\"font-family:sans-serif;line-height:1.5\">",
        lang.code(),
        escape(&subject)
    );
    for l in &lines {
        html.push_str(&format!("<p>{}</p>", escape(l)));
    }
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p><hr><p style=\"color:#555;font-size:90%\">{}</p></body></html>",
        escape(url),
        escape(open_label(lang)),
        escape(footer(lang))
    ));
    EmailContent {
        subject,
        text,
        html,
    }
}

/// The e-mail for `n` in `lang`; links start with `base_url` (the public
/// address, no trailing slash).
pub fn render_email(n: &Notification, lang: Language, base_url: &str) -> EmailContent {
    let (subject, lines) = words(n, lang);
    let url = format!("{}{}", base_url.trim_end_matches('/'), n.link);
    assemble(lang, subject, lines, &url)
}

/// An e-mail of another feature (an invitation) in the same frame:
/// translated lines, one link, the footer; HTML-escaped.
pub fn render_custom_email(
    lang: Language,
    subject: String,
    lines: Vec<String>,
    url: &str,
) -> EmailContent {
    assemble(lang, subject, lines, url)
}

/// "Send me a test e-mail" from the settings page.
pub fn render_test_email(lang: Language, base_url: &str) -> EmailContent {
    let (subject, line) = match lang {
        Language::En => (
            "SocialFlow test e-mail",
            "E-mail notifications work: this is how they will reach you.",
        ),
        Language::Ru => (
            "Тестовое письмо SocialFlow",
            "Уведомления по почте работают: так они будут к вам приходить.",
        ),
        Language::Kk => (
            "SocialFlow сынақ хаты",
            "Пошта хабарландырулары жұмыс істейді: олар сізге осылай келеді.",
        ),
    };
    let url = format!("{}/settings/notifications", base_url.trim_end_matches('/'));
    assemble(lang, subject.to_string(), vec![line.to_string()], &url)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use time::macros::datetime;

    use super::*;
    use crate::UserId;
    use crate::notifications::{EmailDelivery, NotificationId};

    fn weekly() -> Notification {
        Notification {
            id: NotificationId::new(),
            owner: UserId::new(),
            account: None,
            kind: NotificationKind::WeeklySummary,
            dedupe_key: "weekly:x:2026-W11".into(),
            subject: "coffee<shop>".into(),
            link: "/analytics".into(),
            figures: Figures {
                followers_delta: Some(1234),
                reach: Some(56789),
                unanswered: Some(3),
                ..Figures::default()
            },
            in_app: true,
            created_at: datetime!(2026-03-16 09:00 UTC),
            read_at: None,
            email: EmailDelivery::None,
        }
    }

    #[test]
    fn the_weekly_summary_speaks_the_users_language_and_escapes_html() {
        let n = weekly();
        let ru = render_email(&n, Language::Ru, "https://sf.example/");
        assert_eq!(ru.subject, "@coffee<shop>: ваша неделя в Instagram");
        assert!(ru.text.contains("Подписчики: +1\u{a0}234"), "{}", ru.text);
        assert!(ru.text.contains("Охват: 56\u{a0}789"));
        assert!(ru.text.contains("https://sf.example/analytics"));
        assert!(ru.html.contains("@coffee&lt;shop&gt;"));
        assert!(!ru.html.contains("<shop>"));
        let en = render_email(&n, Language::En, "https://sf.example");
        assert!(en.text.contains("Followers: +1,234"));
        let kk = render_email(&n, Language::Kk, "https://sf.example");
        assert!(kk.subject.contains("аптаңыз"));
    }
}
