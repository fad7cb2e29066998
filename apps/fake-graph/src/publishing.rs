//! Content publishing: containers (`POST /{ig-user-id}/media`), their
//! processing and status, `media_publish`, and the publishing quota.

use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use crate::FakeGraph;
use crate::call::Call;
use crate::clock::span;
use crate::config::FakeGraphConfig;
use crate::errors::GraphError;
use crate::fetch::{FetchError, Fetched, fetch, is_jpeg, is_mp4, jpeg_size};
use crate::fields::{Node, Out, View, render};
use crate::selection::Field;

use crate::model::{Container, ContainerKind, Kind, Media, Product, Status};
use crate::params::Params;
use crate::state::State;
use crate::tokens::PUBLISH;

/// Containers an account may create per rolling 24 h (children count).
const CONTAINERS_PER_DAY: usize = 400;
const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;
const MAX_REEL_BYTES: u64 = 300 * 1024 * 1024;
const MAX_STORY_VIDEO_BYTES: u64 = 100 * 1024 * 1024;
const MAX_CAPTION_CHARS: usize = 2200;
const MAX_MENTIONS: usize = 20;
const MAX_USER_TAGS: usize = 20;
const MAX_COLLABORATORS: usize = 3;
const MAX_ALT_TEXT: usize = 1000;
/// The longest reel is 15 minutes.
const MAX_THUMB_OFFSET_MS: u64 = 15 * 60 * 1000;
/// Processing fails with this when a test asks for it.
const FORCED_ERROR: i64 = 2207082;

impl ContainerKind {
    pub(crate) fn is_video(self) -> bool {
        matches!(
            self,
            ContainerKind::Reel | ContainerKind::StoryVideo | ContainerKind::CarouselVideo
        )
    }

    pub(crate) fn is_item(self) -> bool {
        matches!(
            self,
            ContainerKind::CarouselImage | ContainerKind::CarouselVideo
        )
    }

    fn is_story(self) -> bool {
        matches!(self, ContainerKind::StoryImage | ContainerKind::StoryVideo)
    }

    /// The `media_type` it was created with.
    pub(crate) fn label(self) -> &'static str {
        match self {
            ContainerKind::Image | ContainerKind::CarouselImage => "IMAGE",
            ContainerKind::Reel => "REELS",
            ContainerKind::StoryImage | ContainerKind::StoryVideo => "STORIES",
            ContainerKind::CarouselVideo => "VIDEO",
            ContainerKind::Carousel => "CAROUSEL",
        }
    }
}

impl Status {
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Status::InProgress => "IN_PROGRESS",
            Status::Finished => "FINISHED",
            Status::Published => "PUBLISHED",
            Status::Error(_) => "ERROR",
            Status::Expired => "EXPIRED",
        }
    }

    fn text(&self) -> String {
        match self {
            Status::InProgress => "In Progress: Media is still being processed.".into(),
            Status::Finished => {
                "Finished: Media has been uploaded and it is ready to be published.".into()
            }
            Status::Published => "Published: Media has been successfully published.".into(),
            Status::Error(sub) => format!("Error: Media upload has failed with error code {sub}"),
            Status::Expired => "Expired: Media was not published within 24 hours.".into(),
        }
    }
}

/// Where a container stands now.
pub(crate) fn status(state: &State, cfg: &FakeGraphConfig, c: &Container) -> Status {
    let now = state.now();
    if c.published.is_some() {
        return Status::Published;
    }
    if now - c.created_at >= Duration::hours(24) {
        return Status::Expired;
    }
    if let Some(sub) = c.failure {
        return Status::Error(sub);
    }
    let delay = if c.kind.is_video() {
        cfg.video_processing
    } else {
        cfg.image_processing
    };
    if c.pending || now < c.ready_from + span(delay) {
        return Status::InProgress;
    }
    if c.kind == ContainerKind::Carousel {
        for id in &c.children {
            let Some(child) = state.containers.iter().find(|x| &x.id == id) else {
                return Status::Error(2207006);
            };
            match status(state, cfg, child) {
                Status::Finished => {}
                Status::InProgress => return Status::InProgress,
                Status::Error(sub) => return Status::Error(sub),
                Status::Expired | Status::Published => return Status::Error(2207020),
            }
        }
    }
    Status::Finished
}

struct ContainerNode<'a> {
    container: &'a Container,
    status: Status,
}

impl Node for ContainerNode<'_> {
    fn node_type(&self) -> &'static str {
        "ShadowIGMediaBuilder"
    }

    fn node_id(&self) -> String {
        self.container.id.clone()
    }

    fn default_fields(&self) -> &'static [&'static str] {
        &["id"]
    }

    fn field(&self, _view: &View<'_>, f: &Field) -> Result<Out, GraphError> {
        Ok(match f.name.as_str() {
            "id" => Out::of(self.container.id.clone()),
            "status_code" => Out::of(self.status.code()),
            "status" => Out::of(self.status.text()),
            "copyright_check_status" => {
                let s = match (&self.status, self.container.kind.is_video()) {
                    (_, false) => "not_started",
                    (Status::InProgress, true) => "in_progress",
                    (Status::Error(_), true) => "error",
                    _ => "completed",
                };
                Out::of(json!({ "status": s, "matches_found": false }))
            }
            _ => Out::Unknown,
        })
    }
}

/// `GET /{container-id}?fields=status_code,status`.
pub(crate) fn get(cx: &Call<'_>, index: usize) -> Result<Value, GraphError> {
    cx.auth.require(PUBLISH)?;
    let fields = cx.fields()?;
    let state = cx.state();
    let view = cx.view(&state);
    let c = &state.containers[index];
    let node = ContainerNode {
        container: c,
        status: status(&state, cx.config(), c),
    };
    render(&view, &node, fields.as_deref())
}

/// A create request, read and checked before anything is fetched.
struct Spec {
    kind: ContainerKind,
    url: Option<String>,
    caption: Option<String>,
    children: Vec<String>,
    share_to_feed: Option<bool>,
    cover_url: Option<String>,
    alt_text: Option<String>,
    audio_name: Option<String>,
    trial_graduation: Option<String>,
    is_ai_generated: bool,
    resumable: bool,
}

fn caption_error(message: &str, user_msg: &str) -> GraphError {
    GraphError::oauth(36004, message)
        .subcode(2207010)
        .transient(false)
        .user("Caption Error", user_msg)
}

fn check_caption(caption: &str, hashtag_limit: usize) -> Result<(), GraphError> {
    let chars: Vec<char> = caption.chars().collect();
    let count = |sigil: char| {
        chars
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                **c == sigil
                    && chars
                        .get(i + 1)
                        .is_some_and(|n| n.is_alphanumeric() || *n == '_')
            })
            .count()
    };
    if caption.chars().count() > MAX_CAPTION_CHARS {
        return Err(caption_error(
            "The caption is too long.",
            "Captions can be at most 2,200 characters long.",
        ));
    }
    if count('#') > hashtag_limit {
        return Err(caption_error(
            "The caption has too many hashtags.",
            &format!("Captions can contain at most {hashtag_limit} hashtags."),
        ));
    }
    if count('@') > MAX_MENTIONS {
        return Err(caption_error(
            "The caption has too many mentions.",
            "Captions can mention at most 20 accounts.",
        ));
    }
    Ok(())
}

/// `children` as a JSON array or a comma-separated list.
fn id_list(p: &Params, name: &str) -> Vec<String> {
    match p.structured(name) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|x| x.trim().trim_matches('"').to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn not_allowed(param: &str) -> GraphError {
    GraphError::param(format!("(#100) param {param} is not allowed"))
}

fn read_spec(p: &Params, cfg: &FakeGraphConfig) -> Result<Spec, GraphError> {
    let is_item = p.flag("is_carousel_item") == Some(true);
    let resumable = match p.get("upload_type") {
        None => false,
        Some("resumable") => true,
        Some(_) => {
            return Err(GraphError::param(
                "(#100) Param upload_type must be one of {resumable}",
            ));
        }
    };
    let image_url = p.get("image_url").map(str::to_string);
    let video_url = p.get("video_url").map(str::to_string);
    let unknown_type = |t: &str| {
        GraphError::param(format!("(#100) The media type {t} is not supported."))
            .subcode(2207023)
            .user(
                "Unsupported media type",
                "The media type you specified is not supported.",
            )
    };
    let kind = match p.get("media_type") {
        None | Some("IMAGE") => {
            if is_item {
                ContainerKind::CarouselImage
            } else {
                ContainerKind::Image
            }
        }
        Some("REELS") if is_item => {
            return Err(GraphError::param(
                "(#100) Reels cannot be carousel items; use media_type=VIDEO with is_carousel_item=true",
            ));
        }
        Some("REELS") => ContainerKind::Reel,
        Some("STORIES") => {
            if video_url.is_some() || (resumable && image_url.is_none()) {
                ContainerKind::StoryVideo
            } else {
                ContainerKind::StoryImage
            }
        }
        Some("VIDEO") if is_item => ContainerKind::CarouselVideo,
        Some("VIDEO") => {
            // Single feed videos have published as reels since 2023-11-09.
            return Err(GraphError::param(
                "(#100) The VIDEO media type is no longer supported for feed posts. Use media_type=REELS.",
            )
            .subcode(2207023));
        }
        Some("CAROUSEL") => ContainerKind::Carousel,
        Some(other) => return Err(unknown_type(other)),
    };
    let url = match kind {
        ContainerKind::Image | ContainerKind::CarouselImage | ContainerKind::StoryImage => {
            if video_url.is_some() {
                return Err(not_allowed("video_url"));
            }
            Some(image_url.ok_or_else(|| GraphError::required("image_url"))?)
        }
        ContainerKind::Reel | ContainerKind::CarouselVideo | ContainerKind::StoryVideo => {
            if image_url.is_some() {
                return Err(not_allowed("image_url"));
            }
            if video_url.is_none() && !resumable {
                return Err(GraphError::required("video_url"));
            }
            video_url
        }
        ContainerKind::Carousel => {
            if image_url.is_some() || video_url.is_some() {
                return Err(not_allowed(if image_url.is_some() {
                    "image_url"
                } else {
                    "video_url"
                }));
            }
            None
        }
    };
    if resumable && !kind.is_video() {
        return Err(GraphError::param(
            "(#100) upload_type=resumable is only supported for videos",
        ));
    }
    // Captions are ignored on stories and carousel items.
    let caption = p
        .get("caption")
        .filter(|_| !kind.is_story() && !kind.is_item())
        .map(str::to_string);
    if let Some(c) = &caption {
        check_caption(c, cfg.hashtag_limit)?;
    }
    let children = if kind == ContainerKind::Carousel {
        let children = id_list(p, "children");
        if !(2..=10).contains(&children.len()) {
            return Err(GraphError::param(
                "(#100) A carousel must have between 2 and 10 children.",
            )
            .subcode(2207028)
            .user(
                "Carousel validation failed",
                "The carousel must contain between 2 and 10 media items.",
            ));
        }
        children
    } else {
        Vec::new()
    };
    let collaborators = id_list(p, "collaborators");
    if !collaborators.is_empty() {
        if kind.is_story() || kind.is_item() {
            return Err(not_allowed("collaborators"));
        }
        if collaborators.len() > MAX_COLLABORATORS {
            return Err(GraphError::param(
                "(#100) A post can have at most 3 collaborators",
            ));
        }
    }
    if let Some(tags) = p.structured("user_tags") {
        let tags = tags
            .as_array()
            .cloned()
            .ok_or_else(|| GraphError::param("(#100) Param user_tags must be a JSON array"))?;
        if !matches!(
            kind,
            ContainerKind::Image
                | ContainerKind::CarouselImage
                | ContainerKind::StoryImage
                | ContainerKind::StoryVideo
        ) {
            return Err(not_allowed("user_tags"));
        }
        if tags.len() > MAX_USER_TAGS {
            return Err(GraphError::param("(#100) Too many users were tagged.")
                .subcode(2207040)
                .user("Too many tags", "You can tag at most 20 people."));
        }
        for t in &tags {
            if t.get("username").and_then(Value::as_str).is_none() {
                return Err(GraphError::param("(#100) Each user tag needs a username"));
            }
            let coord = |k: &str| t.get(k).and_then(Value::as_f64);
            let needs_xy = !kind.is_story();
            match (coord("x"), coord("y")) {
                (Some(x), Some(y)) if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => {}
                (None, None) if !needs_xy => {}
                _ => {
                    return Err(GraphError::param(
                        "(#100) User tag coordinates x and y must be floats between 0 and 1",
                    ));
                }
            }
        }
    }
    if let Some(loc) = p.get("location_id") {
        if kind.is_story() || kind.is_item() {
            return Err(not_allowed("location_id"));
        }
        if !loc.chars().all(|c| c.is_ascii_digit()) {
            return Err(GraphError::param(
                "INSTAGRAM_PLATFORM_API__INVALID_LOCATION_ID",
            ));
        }
    }
    let alt_text = p.get("alt_text").map(str::to_string);
    if let Some(a) = &alt_text {
        if !matches!(kind, ContainerKind::Image | ContainerKind::CarouselImage) {
            return Err(not_allowed("alt_text"));
        }
        if a.chars().count() > MAX_ALT_TEXT {
            return Err(GraphError::param(
                "(#100) alt_text can be at most 1000 characters",
            ));
        }
    }
    let audio_name = p.get("audio_name").map(str::to_string);
    if audio_name.is_some() && kind != ContainerKind::Reel {
        return Err(not_allowed("audio_name"));
    }
    let trial_graduation = match p.structured("trial_params") {
        None => None,
        Some(_) if kind != ContainerKind::Reel => return Err(not_allowed("trial_params")),
        Some(v) => match v.get("graduation_strategy").and_then(Value::as_str) {
            Some(s @ ("MANUAL" | "SS_PERFORMANCE")) => Some(s.to_string()),
            _ => {
                return Err(GraphError::param(
                    "(#100) Param trial_params[graduation_strategy] must be one of {MANUAL, SS_PERFORMANCE}",
                ));
            }
        },
    };
    let is_ai_generated = match p.get("is_ai_generated") {
        None => false,
        Some(_) if kind.is_item() => return Err(not_allowed("is_ai_generated")),
        Some(_) => p
            .flag("is_ai_generated")
            .ok_or_else(|| GraphError::param("(#100) Param is_ai_generated must be a boolean"))?,
    };
    if let Some(offset) = p.get("thumb_offset") {
        let ok = offset
            .parse::<u64>()
            .is_ok_and(|ms| ms <= MAX_THUMB_OFFSET_MS);
        if !ok {
            return Err(
                GraphError::param("(#100) The thumb_offset is out of range.")
                    .subcode(2207057)
                    .user(
                        "Invalid thumbnail offset",
                        "The thumbnail offset must be a number of milliseconds within the video.",
                    ),
            );
        }
    }
    Ok(Spec {
        kind,
        url,
        caption,
        children,
        share_to_feed: p
            .flag("share_to_feed")
            .filter(|_| kind == ContainerKind::Reel),
        cover_url: p
            .get("cover_url")
            .filter(|_| kind == ContainerKind::Reel)
            .map(str::to_string),
        alt_text,
        audio_name,
        trial_graduation,
        is_ai_generated,
        resumable,
    })
}

fn check_room(state: &State, account: usize, now: OffsetDateTime) -> Result<(), GraphError> {
    let recent = state
        .containers_of(account)
        .filter(|c| now - c.created_at < Duration::hours(24))
        .count();
    if recent >= CONTAINERS_PER_DAY {
        // Undocumented; the publishing-quota error is the nearest match.
        return Err(GraphError::oauth(
            9,
            "You have reached the maximum number of media containers (400) that can be created in 24 hours.",
        )
        .subcode(2207042));
    }
    Ok(())
}

fn check_children(state: &State, account: usize, children: &[String]) -> Result<(), GraphError> {
    let now = state.now();
    for id in children {
        let Some(c) = state
            .container_index(account, id)
            .and_then(|i| state.containers.get(i))
        else {
            return Err(
                GraphError::oauth(24, format!("The media with id {id} cannot be found."))
                    .subcode(2207006),
            );
        };
        if !c.kind.is_item() {
            return Err(GraphError::param(format!(
                "(#100) The media {id} was not created as a carousel item (is_carousel_item=true)"
            )));
        }
        if now - c.created_at >= Duration::hours(24) {
            return Err(GraphError::oauth(-2, "The media builder has expired.").subcode(2207020));
        }
    }
    Ok(())
}

fn fetch_failed(url: &str) -> GraphError {
    GraphError::oauth(9004, "Only photo or video can be accepted as media type.")
        .subcode(2207052)
        .transient(false)
        .user(
            "Media download has failed. The media URI doesn't meet our requirements.",
            &format!(
                "The media could not be fetched from this URI: {url}. Please check the URI and try again."
            ),
        )
}

/// Checks a fetched image as Instagram does: size, JPEG, aspect ratio
/// (feed and carousel images: 4:5 to 1.91:1).
fn check_image(
    got: Result<Fetched, FetchError>,
    url: &str,
    kind: ContainerKind,
) -> Result<(), GraphError> {
    let too_large = || {
        GraphError::oauth(36000, "The image size is too large.")
            .subcode(2207004)
            .transient(false)
            .user(
                "Image size too large",
                "The image is too large to download. It should be less than 8 MiB.",
            )
    };
    let fetched = match got {
        Ok(f) => f,
        Err(FetchError::TooLarge) => return Err(too_large()),
        Err(FetchError::Timeout) => {
            return Err(GraphError::oauth(-2, "The media download timed out.")
                .subcode(2207003)
                .transient(true)
                .user(
                    "Media download timed out",
                    "It took too long to download the media. Please try again.",
                ));
        }
        Err(FetchError::Unreachable) => return Err(fetch_failed(url)),
    };
    if fetched.size > MAX_IMAGE_BYTES {
        return Err(too_large());
    }
    if !is_jpeg(&fetched.head) {
        return Err(
            GraphError::oauth(36001, "The image format is not supported.")
                .subcode(2207005)
                .transient(false)
                .user(
                    "Unsupported image format",
                    "The image format is not supported. Supported formats are: JPEG.",
                ),
        );
    }
    if matches!(kind, ContainerKind::Image | ContainerKind::CarouselImage)
        && let Some((w, h)) = jpeg_size(&fetched.head)
        && h > 0
    {
        let ratio = f64::from(w) / f64::from(h);
        if !(0.799..=1.911).contains(&ratio) {
            let msg = format!(
                "The submitted image with aspect ratio {ratio:.2} cannot be published. Please submit an image with a valid aspect ratio."
            );
            return Err(GraphError::oauth(36003, msg.clone())
                .subcode(2207009)
                .transient(false)
                .user("Invalid aspect ratio", &msg));
        }
    }
    Ok(())
}

/// The processing failure a fetched or uploaded video leads to, if any.
pub(crate) fn video_failure(got: &Result<Fetched, FetchError>) -> Option<i64> {
    match got {
        Ok(f) if is_mp4(&f.head) => None,
        Ok(_) => Some(2207026),
        Err(FetchError::Timeout) => Some(2207003),
        Err(FetchError::TooLarge) => Some(2207026),
        Err(FetchError::Unreachable) => Some(2207052),
    }
}

pub(crate) fn video_limit(kind: ContainerKind) -> u64 {
    if kind == ContainerKind::StoryVideo {
        MAX_STORY_VIDEO_BYTES
    } else {
        MAX_REEL_BYTES
    }
}

/// Fetches a video in the background, as Instagram does after answering
/// with the container id; the container stays IN_PROGRESS meanwhile and
/// ends in ERROR if the video cannot be fetched or is not MP4/MOV.
pub(crate) fn fetch_video_later(
    fake: &FakeGraph,
    container_id: String,
    url: String,
    limit: u64,
    restart: bool,
) {
    let fake = fake.clone();
    tokio::spawn(async move {
        let got = fetch(fake.http(), &url, limit, fake.config().fetch_timeout).await;
        let failure = video_failure(&got);
        let mut state = fake.state();
        let now = state.now();
        if let Some(c) = state.containers.iter_mut().find(|c| c.id == container_id) {
            c.pending = false;
            if restart {
                c.ready_from = now;
            }
            if c.failure.is_none() {
                c.failure = failure;
            }
        }
    });
}

/// `POST /{ig-user-id}/media` → `{"id"}` (and `uri` for resumable
/// uploads). Images are fetched before answering; videos after.
pub(crate) async fn create(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(PUBLISH)?;
    let cfg = cx.config();
    let spec = read_spec(cx.params, cfg)?;
    let account = cx.auth.account;
    {
        let state = cx.state();
        if spec.trial_graduation.is_some()
            && state.accounts.get(account).is_some_and(|a| !a.trial_reels)
        {
            return Err(GraphError::param(
                "(#100) This account is not eligible to share trial reels.",
            )
            .subcode(2207081)
            .user(
                "Trial reels not available",
                "This account can't share trial reels yet.",
            ));
        }
        check_room(&state, account, state.now())?;
        check_children(&state, account, &spec.children)?;
    }
    let image = !spec.kind.is_video() && spec.kind != ContainerKind::Carousel;
    if image
        && cfg.fetch_media
        && let Some(url) = &spec.url
    {
        let got = fetch(cx.fake.http(), url, MAX_IMAGE_BYTES, cfg.fetch_timeout).await;
        check_image(got, url, spec.kind)?;
    }
    let fetch_video = spec.kind.is_video() && cfg.fetch_media && spec.url.is_some();
    let mut state = cx.state();
    let now = state.now();
    check_room(&state, account, now)?;
    let marked = spec
        .url
        .as_deref()
        .is_some_and(|u| u.contains("fail-processing"));
    let forced = marked || state.faults.failing_containers > 0;
    if !marked && forced {
        state.faults.failing_containers -= 1;
    }
    let id = state.ids.numeric("179");
    state.containers.push(Container {
        id: id.clone(),
        account,
        kind: spec.kind,
        media_url: spec.url.clone(),
        caption: spec.caption,
        children: spec.children,
        share_to_feed: spec.share_to_feed,
        cover_url: spec.cover_url,
        alt_text: spec.alt_text,
        audio_name: spec.audio_name,
        trial_graduation: spec.trial_graduation,
        is_ai_generated: spec.is_ai_generated,
        resumable: spec.resumable,
        created_at: now,
        pending: fetch_video || (spec.resumable && spec.url.is_none()),
        ready_from: now,
        failure: forced.then_some(FORCED_ERROR),
        expected_size: None,
        received: 0,
        upload_head: Vec::new(),
        published: None,
    });
    drop(state);
    if fetch_video && let Some(url) = spec.url {
        fetch_video_later(cx.fake, id.clone(), url, video_limit(spec.kind), false);
    }
    let mut answer = json!({ "id": id });
    if spec.resumable {
        let version = cx.links.version.clone().unwrap_or_else(|| "v25.0".into());
        answer["uri"] = json!(format!("{}/ig-api-upload/{version}/{id}", cx.links.origin));
    }
    Ok(answer)
}

/// API-published posts of the account in the last 24 h (a carousel is
/// one), from `since` if later.
fn posts_in_window(state: &State, account: usize, since: Option<OffsetDateTime>) -> usize {
    let now = state.now();
    let from = since.map_or(now - Duration::hours(24), |s| {
        s.max(now - Duration::hours(24))
    });
    state
        .media_of(account)
        .filter(|m| m.parent.is_none() && m.from_container.is_some() && m.timestamp > from)
        .count()
}

fn new_media(state: &mut State, c: &Container, parent: Option<&str>) -> Media {
    let now = state.now();
    let id = state.ids.numeric("180");
    let shortcode = state.ids.shortcode();
    let username = state
        .accounts
        .get(c.account)
        .map(|a| a.username.clone())
        .unwrap_or_default();
    let (kind, product) = match c.kind {
        ContainerKind::Image | ContainerKind::CarouselImage => (Kind::Image, Product::Feed),
        ContainerKind::CarouselVideo => (Kind::Video, Product::Feed),
        ContainerKind::Reel => (Kind::Video, Product::Reels),
        ContainerKind::StoryImage => (Kind::Image, Product::Story),
        ContainerKind::StoryVideo => (Kind::Video, Product::Story),
        ContainerKind::Carousel => (Kind::CarouselAlbum, Product::Feed),
    };
    let cdn = format!("https://scontent.cdninstagram.example/v/{id}");
    let media_url = match kind {
        Kind::CarouselAlbum => None,
        Kind::Image => Some(c.media_url.clone().unwrap_or_else(|| format!("{cdn}.jpg"))),
        Kind::Video => Some(c.media_url.clone().unwrap_or_else(|| format!("{cdn}.mp4"))),
    };
    let permalink = match (parent, product) {
        (Some(_), _) => None,
        (None, Product::Story) => Some(format!(
            "https://www.instagram.com/stories/{username}/{id}/"
        )),
        (None, Product::Reels) => Some(format!("https://www.instagram.com/reel/{shortcode}/")),
        (None, Product::Feed) => Some(format!("https://www.instagram.com/p/{shortcode}/")),
    };
    Media {
        id,
        account: c.account,
        kind,
        product,
        caption: c.caption.clone(),
        media_url,
        thumbnail_url: (kind == Kind::Video).then(|| {
            c.cover_url
                .clone()
                .unwrap_or_else(|| format!("{cdn}_thumb.jpg"))
        }),
        shortcode,
        permalink,
        timestamp: now,
        like_count: 0,
        comment_enabled: true,
        shared_to_feed: (product == Product::Reels).then(|| c.share_to_feed.unwrap_or(true)),
        alt_text: c.alt_text.clone(),
        children: Vec::new(),
        parent: parent.map(str::to_string),
        from_container: Some(c.id.clone()),
        viewers: 0,
    }
}

/// `POST /{ig-user-id}/media_publish?creation_id=` → `{"id"}`.
///
/// Publishing a container that is already published makes no second post:
/// the fake answers with the media it already made (its status reads
/// `PUBLISHED`). Instagram's exact answer is undocumented; answering with
/// the same id is the most likely, and a client that retries after a lost
/// answer then converges on the one post.
pub(crate) fn publish(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(PUBLISH)?;
    let creation = cx.params.require("creation_id")?.to_string();
    let cfg = cx.config();
    let account = cx.auth.account;
    let mut state = cx.state();
    let index = state.container_index(account, &creation).ok_or_else(|| {
        GraphError::oauth(24, format!("The media with id {creation} cannot be found."))
            .subcode(2207006)
    })?;
    let c = state.containers[index].clone();
    if c.kind.is_item() {
        return Err(GraphError::param(
            "(#100) A carousel item cannot be published on its own; publish its carousel container",
        ));
    }
    match status(&state, cfg, &c) {
        Status::Finished => {}
        Status::Published => {
            return Ok(json!({ "id": c.published.unwrap_or_default() }));
        }
        Status::InProgress => {
            return Err(GraphError::oauth(9007, "Media ID is not available")
                .subcode(2207027)
                .transient(false)
                .user(
                    "Cannot publish",
                    "The media is not ready for publishing, please wait for a moment",
                ));
        }
        Status::Expired => {
            return Err(GraphError::oauth(-2, "The media builder has expired.")
                .subcode(2207020)
                .transient(false)
                .user(
                    "Media expired",
                    "The media container expired after 24 hours. Create a new one.",
                ));
        }
        Status::Error(_) => {
            return Err(GraphError::oauth(-1, "Create media has failed.")
                .subcode(2207032)
                .transient(false)
                .user(
                    "Create media failed",
                    "The media could not be processed. Create a new container.",
                ));
        }
    }
    if posts_in_window(&state, account, None) >= cfg.quota_total as usize {
        return Err(GraphError::oauth(
            9,
            "You have reached the maximum number of posts that can be published in 24 hours.",
        )
        .subcode(2207042)
        .transient(false)
        .user(
            "Max posts reached",
            "This account has reached its publishing limit for the last 24 hours.",
        ));
    }
    let mut album = new_media(&mut state, &c, None);
    let mut items = Vec::new();
    for child_id in &c.children {
        let Some(ci) = state.container_index(account, child_id) else {
            continue;
        };
        let child = state.containers[ci].clone();
        let m = new_media(&mut state, &child, Some(&album.id));
        state.containers[ci].published = Some(m.id.clone());
        album.children.push(m.id.clone());
        items.push(m);
    }
    let id = album.id.clone();
    state.media.push(album);
    state.media.extend(items);
    state.containers[index].published = Some(id.clone());
    Ok(json!({ "id": id }))
}

/// `GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config`.
pub(crate) fn limit(cx: &Call<'_>) -> Result<Value, GraphError> {
    cx.auth.require(PUBLISH)?;
    let fields = cx.fields()?.unwrap_or_default();
    for f in &fields {
        if !matches!(f.name.as_str(), "quota_usage" | "config") {
            return Err(GraphError::nonexisting_field(
                &f.name,
                "ContentPublishingLimit",
            ));
        }
    }
    let since = cx
        .params
        .get("since")
        .map(|s| {
            s.parse::<i64>()
                .ok()
                .and_then(|n| OffsetDateTime::from_unix_timestamp(n).ok())
                .ok_or_else(|| {
                    GraphError::param("(#100) Param since must be a valid unix timestamp")
                })
        })
        .transpose()?;
    let state = cx.state();
    let mut item = json!({});
    if fields.is_empty() || fields.iter().any(|f| f.name == "quota_usage") {
        item["quota_usage"] = json!(posts_in_window(&state, cx.auth.account, since));
    }
    if fields.iter().any(|f| f.name == "config") {
        item["config"] = json!({ "quota_total": cx.config().quota_total, "quota_duration": 86400 });
    }
    Ok(json!({ "data": [item] }))
}
