use time::Duration;

/// Rate-limit usage Instagram reports in `X-Business-Use-Case-Usage` /
/// `X-App-Usage`: percentages 0–100 of the allowance; throttling starts at 100.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RateUsage {
    pub call_count: f64,
    pub total_time: f64,
    pub total_cputime: f64,
    /// When Instagram says access returns after throttling.
    pub regain_access_in: Option<Duration>,
}

impl RateUsage {
    /// The highest of the three percentages.
    pub fn peak(&self) -> f64 {
        self.call_count.max(self.total_time).max(self.total_cputime)
    }

    /// Whether callers should pause optional work (sync, insights) to keep
    /// headroom for what users asked for (publishing, replies).
    pub fn should_slow_down(&self) -> bool {
        self.peak() >= 80.0 || self.regain_access_in.is_some_and(|d| d.is_positive())
    }
}
