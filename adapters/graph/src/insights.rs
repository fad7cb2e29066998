//! Insights: account (`GET /{ig-user-id}/insights`) and media
//! (`GET /{media-id}/insights`).

use socialflow_core::instagram::{IgAccess, IgResult, Insight, InsightsQuery, MetricType};

use crate::GraphClient;
use crate::client::Ctx;
use crate::convert;

/// The query parameters of an account insights request; `since`/`until` as
/// Unix seconds (inclusive).
pub(crate) fn account_query(query: &InsightsQuery) -> Vec<(&'static str, String)> {
    let mut q = vec![
        ("metric", query.metrics.join(",")),
        ("period", query.period.clone()),
    ];
    if let Some(t) = query.metric_type {
        q.push((
            "metric_type",
            match t {
                MetricType::TotalValue => "total_value",
                MetricType::TimeSeries => "time_series",
            }
            .to_string(),
        ));
    }
    if let Some(b) = &query.breakdown {
        q.push(("breakdown", b.clone()));
    }
    if let Some(t) = &query.timeframe {
        q.push(("timeframe", t.clone()));
    }
    if let Some(s) = query.since {
        q.push(("since", s.unix_timestamp().to_string()));
    }
    if let Some(u) = query.until {
        q.push(("until", u.unix_timestamp().to_string()));
    }
    q
}

impl GraphClient {
    /// An unsupported metric fails the whole request (code 100 →
    /// `Invalid`); metrics Instagram leaves out are absent, not zero.
    #[tracing::instrument(name = "instagram.account_insights", skip_all, fields(account = %a.ig_user_id))]
    pub async fn account_insights(
        &self,
        a: &IgAccess,
        query: &InsightsQuery,
    ) -> IgResult<Vec<Insight>> {
        let body = self
            .get(
                self.graph_at(&[&a.ig_user_id, "insights"]),
                &account_query(query),
                Ctx::graph("account_insights", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::insights(&body)
    }

    #[tracing::instrument(name = "instagram.media_insights", skip_all, fields(account = %a.ig_user_id, media = media_id))]
    pub async fn media_insights(
        &self,
        a: &IgAccess,
        media_id: &str,
        metrics: &[String],
    ) -> IgResult<Vec<Insight>> {
        let body = self
            .get(
                self.graph_at(&[media_id, "insights"]),
                &[("metric", metrics.join(","))],
                Ctx::graph("media_insights", Some(&a.ig_user_id), &a.token),
            )
            .await?;
        convert::insights(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn query_parameters() {
        let q = account_query(&InsightsQuery {
            metrics: vec!["reach".into(), "views".into()],
            period: "day".into(),
            metric_type: Some(MetricType::TotalValue),
            breakdown: Some("media_product_type".into()),
            timeframe: None,
            since: Some(datetime!(2026-06-01 0:00 UTC)),
            until: Some(datetime!(2026-06-02 0:00 UTC)),
        });
        assert_eq!(
            q,
            vec![
                ("metric", "reach,views".to_string()),
                ("period", "day".into()),
                ("metric_type", "total_value".into()),
                ("breakdown", "media_product_type".into()),
                ("since", "1780272000".into()),
                ("until", "1780358400".into()),
            ]
        );
    }
}
