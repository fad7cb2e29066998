//! The demo account: what a small coffee roaster's Instagram looks like.

use time::Duration;

use crate::world::{Comment, Conversation, Media, Message};
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

const FANS: &[&str] = &[
    "aigerim.k",
    "dauren_photo",
    "marina.cafe",
    "timur88",
    "zhanna_travels",
    "coffee.lover.kz",
];

pub fn seed(fake: &FakeGraph) -> SeededAccount {
    let account = fake.add_account(SeedProfile {
        username: "demo_roastery".into(),
        name: "Demo Roastery".into(),
        biography: "Specialty coffee roasted in Almaty ☕\nOrders: link below".into(),
        followers_count: 23_353,
        follows_count: 539,
        account_type: "BUSINESS".into(),
    });
    let mut w = fake.lock();
    let now = w.now();
    for i in 0..50usize {
        let id = w.id("179");
        let kind = i % 5;
        let (media_type, product) = match kind {
            0 => ("VIDEO", "REELS"),
            3 => ("CAROUSEL_ALBUM", "FEED"),
            _ => ("IMAGE", "FEED"),
        };
        let children = if kind == 3 {
            vec![w.id("179"), w.id("179")]
        } else {
            vec![]
        };
        let timestamp = now - Duration::hours(i as i64 * 31 + 3);
        w.media.push(Media {
            id: id.clone(),
            account: account.index,
            caption: CAPTIONS[i % CAPTIONS.len()].to_string(),
            media_type: media_type.into(),
            product_type: product.into(),
            media_url: format!(
                "https://scontent.cdninstagram.example/{id}.{}",
                if kind == 0 { "mp4" } else { "jpg" }
            ),
            thumbnail_url: (kind == 0)
                .then(|| format!("https://scontent.cdninstagram.example/{id}_thumb.jpg")),
            permalink: format!("https://www.instagram.com/p/DEMO{i:03}/"),
            timestamp,
            like_count: 40 + ((i * 37) % 400) as u64,
            children,
            from_container: None,
        });
        for c in 0..(i % 4) {
            let cid = w.id("178");
            let fan = FANS[(i + c) % FANS.len()];
            w.comments.push(Comment {
                id: cid.clone(),
                media_id: id.clone(),
                parent_id: None,
                text: if c == 1 {
                    "<b>Wow</b> <script>alert('hi')</script> looks great!".into()
                } else {
                    format!("Love this! Where can I buy it? #{c}")
                },
                username: fan.into(),
                from_id: format!("6{:016}", (i * 10 + c) as u64),
                timestamp: timestamp + Duration::minutes(10 + c as i64 * 7),
                like_count: c as u64,
                hidden: false,
            });
            if c == 0 && i % 2 == 0 {
                let rid = w.id("178");
                w.comments.push(Comment {
                    id: rid,
                    media_id: id.clone(),
                    parent_id: Some(cid),
                    text: "Thank you! In our shop on Abay avenue 🙂".into(),
                    username: account.username.clone(),
                    from_id: account.ig_user_id.clone(),
                    timestamp: timestamp + Duration::minutes(30),
                    like_count: 0,
                    hidden: false,
                });
            }
        }
    }
    for (k, fan) in FANS.iter().enumerate() {
        let conv_id = format!("aWdfZAG{k:04}");
        let peer_id = format!("7{:016}", k);
        // Some conversations are inside the 24-hour window, some are not.
        let last = now - Duration::hours([2, 5, 30, 70, 200, 20][k] as i64);
        let mut messages = Vec::new();
        for m in 0..3 {
            let inbound = m % 2 == 0;
            let mid = w.id("aWdG");
            let t = last - Duration::minutes((2 - m) as i64 * 12);
            messages.push(Message {
                id: mid,
                from_id: if inbound {
                    peer_id.clone()
                } else {
                    account.ig_user_id.clone()
                },
                from_username: if inbound {
                    fan.to_string()
                } else {
                    account.username.clone()
                },
                to_id: if inbound {
                    account.ig_user_id.clone()
                } else {
                    peer_id.clone()
                },
                to_username: if inbound {
                    account.username.clone()
                } else {
                    fan.to_string()
                },
                text: match m {
                    0 => "Hi! Do you ship to Astana?".into(),
                    1 => "Hello! Yes, delivery takes 2 days.".into(),
                    _ => "Great, I'd like 2 bags of the Ethiopian 🙏".into(),
                },
                created_time: t,
            });
        }
        w.conversations.push(Conversation {
            id: conv_id,
            account: account.index,
            peer_id,
            peer_username: fan.to_string(),
            messages,
        });
    }
    account
}
