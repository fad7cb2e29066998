use std::future::Future;

use super::InstagramError;

/// One page of a cursor-paged edge. `next` is the `after` cursor of the next
/// page, `None` on the last one.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// Follows cursors from the first page until `limit` items or the last page.
pub async fn collect_pages<T, F, Fut>(limit: usize, mut fetch: F) -> Result<Vec<T>, InstagramError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, InstagramError>>,
{
    let mut out = Vec::new();
    let mut cursor = None;
    loop {
        let page = fetch(cursor).await?;
        out.extend(page.items);
        if out.len() >= limit {
            out.truncate(limit);
            return Ok(out);
        }
        match page.next {
            Some(next) => cursor = Some(next),
            None => return Ok(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn follows_cursors_until_the_limit_or_the_end() {
        let pages = |cursor: Option<String>| async move {
            let start: usize = cursor.as_deref().map_or(0, |c| c.parse().unwrap_or(0));
            let items: Vec<usize> = (start..(start + 10).min(25)).collect();
            let next = (start + 10 < 25).then(|| (start + 10).to_string());
            Ok(Page { items, next })
        };
        assert_eq!(collect_pages(100, pages).await.map(|v| v.len()), Ok(25));
        assert_eq!(collect_pages(12, pages).await.map(|v| v.len()), Ok(12));
    }
}
