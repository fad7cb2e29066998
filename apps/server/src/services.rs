//! Every use case a SocialFlow process runs on, built once from the
//! adapters ([`Deps`]). The web server wraps [`Services`] with its web-only
//! settings (`AppState`), `socialflow worker` runs its loops on it, and the
//! command line calls it directly. Nothing here knows about HTTP.

use std::sync::Arc;

use socialflow_core::accounts::AccountService;
use socialflow_core::accounts::AccountStorage;
use socialflow_core::analytics::AnalyticsService;
use socialflow_core::analytics::AnalyticsStorage;
use socialflow_core::auth::AuthService;
use socialflow_core::auth::AuthStorage;
use socialflow_core::crypto::{SecretMinter, TokenCipher};
use socialflow_core::idempotency::Idempotency;
use socialflow_core::inbox::InboxService;
use socialflow_core::inbox::InboxStorage;
use socialflow_core::instagram::InstagramApi;
use socialflow_core::live::LiveService;
use socialflow_core::media::MediaLibrary;
use socialflow_core::meta::{MetaCallbacks, SignedRequestVerifier};
use socialflow_core::notifications::{
    Mailer, NotificationProducer, NotificationService, ProducerStorage,
};
use socialflow_core::onboarding::OnboardingService;
use socialflow_core::outgoing_webhooks::{
    DispatcherConfig, UrlPolicy, WebhookDispatcher, WebhookService, WebhookStorage,
};
use socialflow_core::password::PasswordHasher;
use socialflow_core::posts::import::PostImporter;
use socialflow_core::posts::{PostMedia, PostService, Publisher, PublisherConfig};
use socialflow_core::queue::{QueueService, QueueStorage};
use socialflow_core::reports::ReportLinkService;
use socialflow_core::saved_replies::SavedReplyService;
use socialflow_core::snippets::SnippetService;
use socialflow_core::throttle::ThrottlePolicy;
use socialflow_core::time_window::TimeWindow;
use socialflow_core::users::UserService;
use socialflow_core::webhook_events::WebhookEvents;
use socialflow_core::{Clock, Store, StoreError};
use socialflow_webhook_http::{HttpWebhookSender, SenderConfig};
use socialflow_worker::{InboxSyncJob, Maintenance};

use crate::config::outgoing_webhooks::OutgoingWebhooksConfig;

use crate::first_sync::FirstSyncs;
use crate::inbox_settings::InboxSettings;
use crate::live_hub::{LiveHub, StreamLimits};
use crate::metered::MeteredInstagram;
use crate::metrics::Metrics;
use crate::privacy_services::PrivacyServices;
use crate::privacy_settings::PrivacySettings;

/// The adapters (ports) the services are built from.
pub struct Deps {
    pub store: Arc<dyn Store>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub minter: Arc<dyn SecretMinter>,
    pub clock: Arc<dyn Clock>,
    pub throttle: ThrottlePolicy,
    pub instagram: Arc<dyn InstagramApi>,
    pub cipher: Arc<dyn TokenCipher>,
    /// Whether an Instagram app (or the demo's fake) is configured, so
    /// accounts can be connected.
    pub instagram_configured: bool,
    /// Verifies Meta's `signed_request` with the Instagram app secret.
    pub signed_requests: Arc<dyn SignedRequestVerifier>,
    /// Uploaded media (see `wiring::media_library`).
    pub media: MediaLibrary,
    /// Webhook verification and the inbox's rules.
    pub inbox: InboxSettings,
    /// The media library as posts see it (files, their class, thumbnails).
    pub post_media: Arc<dyn PostMedia>,
}

/// The use cases and the ports they share.
#[derive(Clone)]
pub struct Services {
    pub auth: AuthService,
    pub users: UserService,
    pub accounts: AccountService,
    pub analytics: AnalyticsService,
    pub posts: PostService,
    /// The bulk CSV import and the schedule's export.
    pub import: PostImporter,
    /// `Idempotency-Key` on the API's creating requests.
    pub idempotency: Idempotency,
    /// Queue slots, "add to queue" and the calendar feeds.
    pub queue: QueueService,
    /// The dashboard's checklist and users' milestones.
    pub onboarding: OnboardingService,
    /// Saved captions and hashtag groups.
    pub snippets: SnippetService,
    /// Saved replies for any reply box.
    pub saved_replies: SavedReplyService,
    /// The inbox's triage list and done states.
    pub triage: socialflow_core::inbox::triage::TriageService,
    /// Word lists that hide comments, their log and undo.
    pub moderation: socialflow_core::moderation::ModerationService,
    pub post_media: Arc<dyn PostMedia>,
    pub meta: MetaCallbacks,
    pub media: MediaLibrary,
    pub inbox: InboxService,
    pub webhooks: InboxSettings,
    /// Instagram, counted for `/metrics` (every service calls it through this).
    pub instagram: Arc<dyn InstagramApi>,
    pub instagram_configured: bool,
    pub minter: Arc<dyn SecretMinter>,
    pub clock: Arc<dyn Clock>,
    pub metrics: Arc<Metrics>,
    /// Policy, export, erasure and the admin's audit view.
    pub privacy: PrivacyServices,
    /// Fresh inbox data: tracked syncs and the events of open pages.
    pub live: LiveService,
    /// Wakes this process's event streams; caps them.
    pub live_hub: Arc<LiveHub>,
    /// The first sync of a newly connected account, in the background.
    pub first_syncs: FirstSyncs,
    /// Shareable analytics report links.
    pub report_links: ReportLinkService,
    /// Client review links and the client role's review pages.
    pub client_review: socialflow_core::client_review::ClientReviewService,
    /// The notification centre, preferences and the e-mail queue.
    pub notifications: NotificationService,
    /// Ice breakers: questions on Instagram, answers as automation rules.
    pub ice_breakers: socialflow_core::ice_breakers::IceBreakerService,
    /// Automation rules: create, list, order, switch on and off.
    pub automation_rules: socialflow_core::automation::AutomationService,
    /// "Test a rule" over the inbox's cache.
    pub rule_tester: socialflow_core::automation::RuleTester,
    /// Outgoing webhooks: endpoints, test events, the delivery log.
    pub outgoing: WebhookService,
    /// What every producer of outgoing webhook events records through.
    pub webhook_events: WebhookEvents,
    /// The operator's outgoing webhook settings (SSRF switch, leases).
    pub outgoing_settings: OutgoingWebhooksConfig,
    cipher: Arc<dyn TokenCipher>,
    /// Teams: which workspace a request works in, with what role.
    pub workspaces: socialflow_core::workspaces::WorkspaceService,
    /// Teams: creating and deleting workspaces, members, invitations.
    pub team: socialflow_core::team::WorkspaceAdmin,
    /// Rung when an automation job is stored ready to run: this process's
    /// automation loop wakes at once instead of at its next tick.
    pub automation_wake: Arc<tokio::sync::Notify>,
    /// Only the worker's jobs and the readiness probe are built on the
    /// store itself; request handlers go through the use cases above.
    store: Arc<dyn Store>,
}

impl Services {
    pub fn new(deps: Deps) -> Self {
        Self::with_window(deps, TimeWindow::default())
    }

    /// Services whose users may schedule posts only inside `window`.
    pub fn with_window(deps: Deps, window: TimeWindow) -> Self {
        let store = deps.store;
        let clock = deps.clock;
        let cipher = deps.cipher.clone();
        let webhook_events = WebhookEvents::new(store.clone(), clock.clone());
        let auth = AuthService::new(
            AuthStorage::from_store(store.clone()),
            deps.hasher.clone(),
            deps.minter.clone(),
            clock.clone(),
        )
        .with_throttle(deps.throttle);
        let meta = MetaCallbacks::new(
            store.clone(),
            store.clone(),
            store.clone(),
            deps.signed_requests,
            deps.minter.clone(),
            clock.clone(),
        );
        let privacy = PrivacyServices::new(
            store.clone(),
            auth.password_check().clone(),
            clock.clone(),
            PrivacySettings::default(),
            &deps.media,
        );
        let users = UserService::new(store.clone(), store.clone(), deps.hasher, clock.clone());
        let metrics = Arc::new(Metrics::new());
        let instagram: Arc<dyn InstagramApi> =
            Arc::new(MeteredInstagram::new(deps.instagram, metrics.clone()));
        let accounts = AccountService::new(
            AccountStorage::from_store(store.clone()),
            instagram.clone(),
            deps.cipher,
            deps.minter.clone(),
            clock.clone(),
        );
        let moderation = socialflow_core::moderation::ModerationService::new(
            socialflow_core::moderation::ModerationStorage {
                moderation: store.clone(),
                accounts: store.clone(),
                comments: store.clone(),
            },
            accounts.clone(),
            clock.clone(),
        );
        let triage =
            socialflow_core::inbox::triage::TriageService::new(store.clone(), clock.clone());
        let notifications = NotificationService::new(store.clone(), store.clone(), clock.clone())
            .with_workspaces(store.clone());
        let automation_wake = Arc::new(tokio::sync::Notify::new());
        // What a sync finds that no webhook brought feeds automation (it
        // only stores jobs here, so the notification centre without its
        // mailer is enough).
        let sync_automation = automation_engine(
            &store,
            &instagram,
            &accounts,
            &triage,
            &notifications,
            &clock,
            &automation_wake,
        );
        let inbox = InboxService::new(
            InboxStorage::from_store(store.clone()),
            accounts.clone(),
            clock.clone(),
        )
        .with_policy(deps.inbox.policy)
        .with_comments_hook(Arc::new(moderation.clone()))
        .with_webhook_events(webhook_events.clone())
        .with_sync_hook(Arc::new(sync_automation));
        let analytics = AnalyticsService::new(
            AnalyticsStorage::from_store(store.clone()),
            accounts.clone(),
            clock.clone(),
        );
        let posts = PostService::new(
            store.clone(),
            store.clone(),
            store.clone(),
            deps.post_media.clone(),
            clock.clone(),
        )
        .with_window(window)
        .with_webhook_events(webhook_events.clone());
        let import = PostImporter::new(
            posts.clone(),
            store.clone(),
            deps.post_media.clone(),
            clock.clone(),
        );
        let idempotency = Idempotency::new(store.clone(), clock.clone());
        let queue = QueueService::new(
            QueueStorage::from_store(store.clone()),
            posts.clone(),
            deps.minter.clone(),
            clock.clone(),
        );
        let onboarding = OnboardingService::new(
            store.clone(),
            store.clone(),
            store.clone(),
            store.clone(),
            clock.clone(),
        );
        let snippets = SnippetService::new(store.clone(), clock.clone());
        let live = LiveService::new(inbox.clone(), store.clone(), clock.clone());
        let live_hub = LiveHub::new(StreamLimits::default());
        let first_syncs = FirstSyncs::new(live.clone(), live_hub.clone());
        let report_links = ReportLinkService::new(
            store.clone(),
            store.clone(),
            store.clone(),
            deps.minter.clone(),
            clock.clone(),
        );
        let saved_replies = SavedReplyService::new(store.clone(), clock.clone());
        let ice_breakers = socialflow_core::ice_breakers::IceBreakerService::new(
            accounts.clone(),
            socialflow_core::automation::AutomationService::new(store.clone(), clock.clone()),
        );
        let automation_rules =
            socialflow_core::automation::AutomationService::new(store.clone(), clock.clone());
        let rule_tester = socialflow_core::automation::RuleTester::new(
            store.clone(),
            store.clone(),
            store.clone(),
            clock.clone(),
        );
        let outgoing_settings = OutgoingWebhooksConfig::default();
        let outgoing = outgoing_service(&store, &cipher, &deps.minter, &clock, outgoing_settings);
        let workspaces =
            socialflow_core::workspaces::WorkspaceService::new(store.clone(), clock.clone());
        let client_review = client_review_service(
            &store,
            &deps.minter,
            &clock,
            approval_service(&posts, &store, &notifications, &clock),
        );
        let team = socialflow_core::team::WorkspaceAdmin::new(
            store.clone(),
            store.clone(),
            store.clone(),
            store.clone(),
            privacy.eraser.clone(),
            deps.minter.clone(),
            clock.clone(),
        );
        Self {
            outgoing,
            webhook_events,
            outgoing_settings,
            cipher,
            live,
            live_hub,
            first_syncs,
            auth,
            users,
            accounts,
            analytics,
            posts,
            import,
            idempotency,
            queue,
            onboarding,
            snippets,
            saved_replies,
            triage,
            moderation,
            post_media: deps.post_media,
            meta,
            media: deps.media,
            inbox,
            webhooks: deps.inbox,
            instagram,
            instagram_configured: deps.instagram_configured,
            minter: deps.minter,
            clock,
            metrics,
            privacy,
            report_links,
            notifications,
            ice_breakers,
            automation_rules,
            rule_tester,
            automation_wake,
            workspaces,
            client_review,
            team,
            store,
        }
    }

    /// Outgoing webhooks under the operator's settings (http URLs allowed
    /// or not, private addresses, leases).
    pub fn with_outgoing_webhooks(mut self, settings: OutgoingWebhooksConfig) -> Self {
        self.outgoing_settings = settings;
        self.outgoing = outgoing_service(
            &self.store,
            &self.cipher,
            &self.minter,
            &self.clock,
            settings,
        );
        self
    }

    /// The worker's webhook sender and dispatcher.
    pub fn webhook_dispatcher(
        &self,
    ) -> Result<WebhookDispatcher, socialflow_webhook_http::BuildError> {
        let s = self.outgoing_settings;
        let sender = HttpWebhookSender::new(SenderConfig {
            allow_private: s.allow_private,
            ..SenderConfig::default()
        })?;
        Ok(WebhookDispatcher::new(
            self.store.clone(),
            Arc::new(sender),
            Arc::new(socialflow_crypto::HmacPayloadSigner),
            self.cipher.clone(),
            self.notifications.clone(),
            self.clock.clone(),
            DispatcherConfig {
                lease: time::Duration::seconds(s.lease_secs),
                concurrency: s.concurrency,
                ..DispatcherConfig::default()
            },
        ))
    }

    /// Approvals: review of contributors' posts, the expiry sweep, team
    /// notes (notifications through the current notification service, so
    /// e-mail once a mailer is set).
    pub fn approvals(&self) -> socialflow_core::approvals::ApprovalService {
        approval_service(&self.posts, &self.store, &self.notifications, &self.clock)
    }

    /// E-mail notifications through `mailer`, links under `public_url`.
    pub fn with_mailer(mut self, mailer: Option<Arc<dyn Mailer>>, public_url: &str) -> Self {
        if let Some(mailer) = mailer {
            self.team = self.team.clone().with_mailer(mailer.clone(), public_url);
            self.notifications = self.notifications.with_mailer(mailer, public_url);
            // Client decisions notify through the approvals: rebuilt on the
            // notifications that now send e-mail.
            self.client_review =
                client_review_service(&self.store, &self.minter, &self.clock, self.approvals());
        }
        self
    }

    /// The worker's notification producers (failed posts, reconnects,
    /// quota, digest, weekly summary).
    pub fn notification_producer(&self) -> NotificationProducer {
        let s = &self.store;
        NotificationProducer::new(
            ProducerStorage {
                notifications: s.clone(),
                users: s.clone(),
                accounts: s.clone(),
                posts: s.clone(),
                inbox: s.clone(),
                followers: s.clone(),
                insights: s.clone(),
                media: s.clone(),
                automation: s.clone(),
            },
            self.notifications.clone(),
            self.clock.clone(),
        )
        .with_webhook_events(self.webhook_events.clone())
    }

    /// The same services under the operator's privacy settings.
    pub fn with_privacy(mut self, settings: PrivacySettings) -> Self {
        self.privacy = self
            .privacy
            .with_settings(self.store.clone(), self.clock.clone(), settings);
        self
    }

    /// Whether the database answers (the readiness probe).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.store.ping().await
    }

    /// The worker's housekeeping: expired sessions, throttles, retention.
    pub fn maintenance(&self) -> Maintenance {
        Maintenance::new(self.store.clone(), self.clock.clone()).with_media(self.media.clone())
    }

    /// The worker's periodic inbox sync over every connected account.
    pub fn inbox_sync(&self) -> InboxSyncJob {
        InboxSyncJob::new(self.inbox.clone(), self.store.clone(), self.clock.clone())
            .with_live(self.live.clone())
    }

    /// The automation engine: events into jobs, due jobs run exactly once.
    pub fn automation_engine(&self) -> socialflow_core::automation::engine::AutomationEngine {
        automation_engine(
            &self.store,
            &self.instagram,
            &self.accounts,
            &self.triage,
            &self.notifications,
            &self.clock,
            &self.automation_wake,
        )
        .with_webhook_events(self.webhook_events.clone())
    }

    /// The operator's side of automation: approval queue, rule logs, pause
    /// and caps.
    pub fn automation_operator(&self) -> socialflow_core::automation::AutomationOperator {
        socialflow_core::automation::AutomationOperator::new(
            self.automation_engine(),
            self.store.clone(),
            self.store.clone(),
            self.store.clone(),
            self.store.clone(),
            self.store.clone(),
        )
    }

    /// Publishes due posts, claiming each under `config`'s worker id.
    pub fn publisher(&self, config: PublisherConfig) -> Publisher {
        Publisher::new(
            self.store.clone(),
            self.store.clone(),
            self.store.clone(),
            self.accounts.clone(),
            self.post_media.clone(),
            self.clock.clone(),
            config,
        )
        .with_published_hook(Arc::new(crate::automation_host::BindNextPublished(
            self.automation_engine(),
        )))
        .with_outcome_hook(Arc::new(crate::webhook_host::PostOutcomeEvents::new(
            self.webhook_events.clone(),
            self.store.clone(),
        )))
    }
}

fn outgoing_service(
    store: &Arc<dyn Store>,
    cipher: &Arc<dyn TokenCipher>,
    minter: &Arc<dyn SecretMinter>,
    clock: &Arc<dyn Clock>,
    settings: OutgoingWebhooksConfig,
) -> WebhookService {
    WebhookService::new(
        WebhookStorage {
            webhooks: store.clone(),
        },
        cipher.clone(),
        minter.clone(),
        clock.clone(),
        UrlPolicy {
            allow_http: settings.allow_http,
        },
    )
}

/// The automation engine over these services; a job stored ready to run
/// rings `wake`.
fn automation_engine(
    store: &Arc<dyn Store>,
    instagram: &Arc<dyn InstagramApi>,
    accounts: &AccountService,
    triage: &socialflow_core::inbox::triage::TriageService,
    notifications: &NotificationService,
    clock: &Arc<dyn Clock>,
    wake: &Arc<tokio::sync::Notify>,
) -> socialflow_core::automation::engine::AutomationEngine {
    let wake = wake.clone();
    socialflow_core::automation::engine::AutomationEngine::new(
        store.clone(),
        store.clone(),
        instagram.clone(),
        Arc::new(crate::automation_host::ServerEngineHost::new(
            store.clone(),
            accounts.clone(),
            triage.clone(),
            notifications.clone(),
            clock.clone(),
        )),
        clock.clone(),
    )
    .with_queued_hook(Arc::new(move || wake.notify_one()))
}

/// The approval use cases over the store, notifying through `notifications`.
fn approval_service(
    posts: &PostService,
    store: &Arc<dyn Store>,
    notifications: &NotificationService,
    clock: &Arc<dyn Clock>,
) -> socialflow_core::approvals::ApprovalService {
    socialflow_core::approvals::ApprovalService::new(
        posts.clone(),
        store.clone(),
        store.clone(),
        store.clone(),
        store.clone(),
        Arc::new(notifications.clone()),
        clock.clone(),
    )
}

/// Client review: a decision through a link or the client page is an
/// approval or a change request of the approval use cases.
fn client_review_service(
    store: &Arc<dyn Store>,
    minter: &Arc<dyn SecretMinter>,
    clock: &Arc<dyn Clock>,
    approvals: socialflow_core::approvals::ApprovalService,
) -> socialflow_core::client_review::ClientReviewService {
    use socialflow_core::approvals::ApprovalsReviewer;
    use socialflow_core::client_review::{ClientReviewService, ClientReviewStorage};
    let reviewer = ApprovalsReviewer::new(approvals, store.clone());
    ClientReviewService::new(
        ClientReviewStorage::from_store(store.clone()),
        Arc::new(reviewer),
        minter.clone(),
        clock.clone(),
    )
}
