//! Notifications (issue 18): what happened that the user should know about
//! (a failed post, an account to reconnect, the publishing quota nearly
//! used, the inbox digest, the weekly summary), shown in the app and, when
//! the user gave an address and SMTP is configured, e-mailed outside their
//! quiet hours. E-mails carry counts and links only: never comment or
//! message text, never captions.

mod email_text;
mod export;
mod kind;
mod mailer;
mod notification;
mod ports;
mod preferences;
mod producer;
mod quiet_hours;
mod service;

pub use email_text::{
    EmailContent, number as group_digits, render_custom_email, render_email, render_test_email,
};
pub use export::NotificationsExporter;
pub use kind::{KindSet, NotificationKind};
#[cfg(any(test, feature = "mocks"))]
pub use mailer::MockMailer;
pub use mailer::{MailError, Mailer, OutgoingEmail};
pub use notification::{
    EmailDelivery, Figures, MAX_STORED_PER_USER, NewNotification, Notification, NotificationId,
    RETENTION, ReviewEvent,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockNotificationRepo;
pub use ports::NotificationRepo;
pub use preferences::{EmailAddress, NotificationPrefs, PrefsInput, PrefsProblem, format_minute};
pub use producer::{NotificationProducer, ProducerReport, ProducerStorage, QUOTA_WARN_AT};
pub use quiet_hours::{QuietHours, QuietHoursError};
pub use service::{DeliveryReport, NotificationError, NotificationService, backoff};
