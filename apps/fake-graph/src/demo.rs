//! The demo account: what a small coffee roaster's Instagram looks like —
//! fifty posts, comments with replies, live stories, conversations inside
//! and outside the messaging window, a Kazakh audience.

use time::Duration;

use crate::model::{Attachment, Comment, Conversation, Kind, Media, Message, Peer, Product};
use crate::{FakeGraph, SeedProfile, SeededAccount};

const CAPTIONS: &[&str] = &[
    "Fresh roast of Ethiopian Yirgacheffe this morning ☕ #coffee #almaty",
    "Latte art Friday. Which one is your favourite?",
    "New beans from Colombia have arrived!",
    "Behind the scenes at the roastery 🔥",
    "Our team at the Astana coffee festival",
    "Cold brew season is here 🧊 #coldbrew",
    "How we pick our green coffee, in 60 seconds",
    "Weekend cupping session — join us on Saturday",
];

/// (username, name) of the people who comment and write.
const FANS: &[(&str, &str)] = &[
    ("aigerim.k", "Aigerim K."),
    ("dauren_photo", "Dauren"),
    ("marina.cafe", "Marina"),
    ("timur88", "Timur"),
    ("zhanna_travels", "Zhanna"),
    ("coffee.lover.kz", "Coffee Lover"),
];

/// Hours since each conversation's last message from the person: inside
/// the 24 h window (2, 5, 20), inside the human agent's 7 days (30, 70),
/// beyond (200).
const LAST_WORD_HOURS: [i64; 6] = [2, 5, 30, 70, 200, 20];

const CDN: &str = "https://scontent.cdninstagram.example/v/demo";

/// A fan's IGSID. IGSIDs are scoped to the business account, so every copy
/// of the demo gives the same people ids of its own.
fn fan_igsid(copy: u64, k: usize) -> String {
    format!(
        "{}",
        6_100_000_000_000_000u64 + copy * 1_000_000 + k as u64 * 7_919
    )
}

/// Seeds copy `copy` of the demo account: 0 is `demo_roastery`, 1 is
/// `demo_roastery_2` and so on, each with the same story and ids of its own.
pub(crate) fn seed(fake: &FakeGraph, copy: u64) -> SeededAccount {
    let (username, name) = if copy == 0 {
        ("demo_roastery".to_string(), "Demo Roastery".to_string())
    } else {
        (
            format!("demo_roastery_{}", copy + 1),
            format!("Demo Roastery {}", copy + 1),
        )
    };
    let account = fake.add_account(SeedProfile {
        username,
        name,
        biography: "Specialty coffee roasted in Almaty ☕\nOrders: link below".into(),
        followers_count: 23_353,
        follows_count: 539,
        media_count: 0,
        account_type: "BUSINESS".into(),
    });
    let mut state = fake.state();
    let Some(index) = state.account_by_ig_id(&account.ig_user_id) else {
        return account;
    };
    {
        let a = &mut state.accounts[index];
        a.website = Some(if copy == 0 {
            "https://demo-roastery.example".into()
        } else {
            format!("https://demo-roastery-{}.example", copy + 1)
        });
        a.countries = [
            ("KZ", 0.71),
            ("RU", 0.12),
            ("UZ", 0.05),
            ("KG", 0.03),
            ("TR", 0.03),
            ("DE", 0.02),
            ("US", 0.02),
        ]
        .iter()
        .map(|(k, w)| ((*k).to_string(), *w))
        .collect();
        a.cities = [
            ("Almaty, Almaty", 0.46),
            ("Astana, Astana", 0.21),
            ("Shymkent, South Kazakhstan Region", 0.06),
            ("Karaganda, Karaganda Region", 0.04),
            ("Moscow, Moscow", 0.04),
            ("Tashkent, Tashkent", 0.03),
        ]
        .iter()
        .map(|(k, w)| ((*k).to_string(), *w))
        .collect();
    }
    let now = state.now();

    for i in 0..50usize {
        let id = state.ids.numeric("179");
        let shortcode = state.ids.shortcode();
        let timestamp = now - Duration::hours(i as i64 * 31 + 3);
        let (kind, product) = match i % 5 {
            0 => (Kind::Video, Product::Reels),
            3 => (Kind::CarouselAlbum, Product::Feed),
            _ => (Kind::Image, Product::Feed),
        };
        let mut children = Vec::new();
        if kind == Kind::CarouselAlbum {
            let count = if i % 10 == 8 { 3 } else { 2 };
            for n in 0..count {
                let cid = state.ids.numeric("179");
                let video = n == 2;
                state.media.push(Media {
                    id: cid.clone(),
                    account: index,
                    kind: if video { Kind::Video } else { Kind::Image },
                    product: Product::Feed,
                    caption: None,
                    media_url: Some(format!("{CDN}/{cid}.{}", if video { "mp4" } else { "jpg" })),
                    thumbnail_url: video.then(|| format!("{CDN}/{cid}_thumb.jpg")),
                    shortcode: String::new(),
                    permalink: None,
                    timestamp,
                    like_count: 0,
                    comment_enabled: true,
                    shared_to_feed: None,
                    alt_text: None,
                    children: Vec::new(),
                    parent: Some(id.clone()),
                    from_container: None,
                    viewers: 0,
                });
                children.push(cid);
            }
        }
        let like_count = 40 + ((i * 37) % 400) as u64;
        let reel = product == Product::Reels;
        state.media.push(Media {
            id: id.clone(),
            account: index,
            kind,
            product,
            caption: Some(CAPTIONS[i % CAPTIONS.len()].to_string()),
            // One reel uses licensed music: Instagram leaves `media_url` out.
            media_url: (kind != Kind::CarouselAlbum && i != 10)
                .then(|| format!("{CDN}/{id}.{}", if reel { "mp4" } else { "jpg" })),
            thumbnail_url: reel.then(|| format!("{CDN}/{id}_thumb.jpg")),
            permalink: Some(if reel {
                format!("https://www.instagram.com/reel/{shortcode}/")
            } else {
                format!("https://www.instagram.com/p/{shortcode}/")
            }),
            shortcode,
            timestamp,
            like_count,
            comment_enabled: i != 7,
            shared_to_feed: reel.then_some(true),
            alt_text: (kind == Kind::Image)
                .then(|| "A cup of coffee on a wooden table".to_string()),
            children,
            parent: None,
            from_container: None,
            viewers: like_count * 9 + 100,
        });
        for c in 0..(i % 4) {
            let cid = state.ids.numeric("178");
            let k = (i + c) % FANS.len();
            state.comments.push(Comment {
                id: cid.clone(),
                media_id: id.clone(),
                parent_id: None,
                text: if c == 1 {
                    // Markup in user content: the UI must escape it.
                    "<b>Wow</b> <script>alert('hi')</script> looks great!".into()
                } else {
                    format!("Love this! Where can I buy it? #{c}")
                },
                username: FANS[k].0.into(),
                from_id: fan_igsid(copy, k),
                timestamp: timestamp + Duration::minutes(10 + c as i64 * 7),
                like_count: c as u64,
                hidden: c == 2 && i % 8 == 3,
                by_owner: false,
                replied_privately: false,
            });
            if c == 0 && i % 2 == 0 {
                let rid = state.ids.numeric("178");
                state.comments.push(Comment {
                    id: rid,
                    media_id: id.clone(),
                    parent_id: Some(cid),
                    text: "Thank you! In our shop on Abay avenue 🙂".into(),
                    username: account.username.clone(),
                    from_id: account.ig_user_id.clone(),
                    timestamp: timestamp + Duration::minutes(30),
                    like_count: 0,
                    hidden: false,
                    by_owner: true,
                    replied_privately: false,
                });
            }
        }
    }

    // Stories: two live, one expired (gone from /stories).
    for (hours, video, viewers) in [(3i64, false, 340u64), (10, true, 520), (30, false, 410)] {
        let id = state.ids.numeric("179");
        let shortcode = state.ids.shortcode();
        let ext = if video { "mp4" } else { "jpg" };
        state.media.push(Media {
            id: id.clone(),
            account: index,
            kind: if video { Kind::Video } else { Kind::Image },
            product: Product::Story,
            caption: None,
            media_url: Some(format!("{CDN}/{id}.{ext}")),
            thumbnail_url: video.then(|| format!("{CDN}/{id}_thumb.jpg")),
            shortcode,
            permalink: Some(format!(
                "https://www.instagram.com/stories/{}/{id}/",
                account.username
            )),
            timestamp: now - Duration::hours(hours),
            like_count: 0,
            comment_enabled: false,
            shared_to_feed: None,
            alt_text: None,
            children: Vec::new(),
            parent: None,
            from_container: None,
            viewers,
        });
    }

    for (k, (username, name)) in FANS.iter().enumerate() {
        let thread = state.ids.thread(&account.ig_user_id);
        let last = now - Duration::hours(LAST_WORD_HOURS[k]);
        // One long thread, to show that only the 20 latest keep details.
        let count = if k == 5 { 25 } else { 3 };
        let mut messages = Vec::new();
        for m in 0..count {
            let inbound = (count - 1 - m) % 2 == 0;
            let mid = state.ids.message(&thread);
            let text = match (k, m % 3) {
                (5, _) => format!("Message {} about the wholesale order", m + 1),
                (_, 0) => "Hi! Do you ship to Astana?".to_string(),
                (_, 1) => "Hello! Yes, delivery takes 2 days.".to_string(),
                _ => "Great, I'd like 2 bags of the Ethiopian 🙏".to_string(),
            };
            let attachments = if k == 1 && m == count - 1 {
                vec![Attachment {
                    kind: "image".into(),
                    url: format!("{CDN}/dm-{mid}.jpg"),
                }]
            } else {
                Vec::new()
            };
            messages.push(Message {
                id: mid,
                inbound,
                text: Some(text),
                attachments,
                created_time: last - Duration::minutes((count - 1 - m) as i64 * 12),
                via_api: false,
                human_agent: false,
            });
        }
        state.conversations.push(Conversation {
            id: thread,
            account: index,
            peer: Peer {
                id: fan_igsid(copy, k),
                username: (*username).into(),
                name: (*name).into(),
                follower_count: 150 + k as u64 * 311,
                follows_business: k % 2 == 0,
                business_follows: k == 0,
                verified: false,
            },
            messages,
        });
    }
    account
}
