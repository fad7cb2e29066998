//! An Instagram professional account.

#[derive(Debug, Clone)]
pub struct Account {
    pub app_scoped_id: String,
    pub ig_user_id: String,
    pub username: String,
    pub name: String,
    pub biography: String,
    pub website: Option<String>,
    pub profile_picture_url: String,
    pub followers_count: u64,
    pub follows_count: u64,
    /// Posts that exist beyond the media items the fake holds.
    pub media_count_base: u64,
    pub account_type: String,
    /// Seeds the generated insights.
    pub seed: u64,
    /// Audience by country and city for demographics (weights).
    pub countries: Vec<(String, f64)>,
    pub cities: Vec<(String, f64)>,
    /// Webhook fields subscribed with `POST /me/subscribed_apps`.
    pub subscribed_fields: Vec<String>,
    /// The account may share trial reels; otherwise `trial_params` gives
    /// error 2207081.
    pub trial_reels: bool,
}
