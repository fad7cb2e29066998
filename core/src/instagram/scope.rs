use std::fmt;

/// The permissions SocialFlow asks for, as the privacy policy lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Basic,
    ContentPublish,
    ManageComments,
    ManageMessages,
    ManageInsights,
}

impl Scope {
    pub const ALL: [Scope; 5] = [
        Scope::Basic,
        Scope::ContentPublish,
        Scope::ManageComments,
        Scope::ManageMessages,
        Scope::ManageInsights,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Basic => "instagram_business_basic",
            Scope::ContentPublish => "instagram_business_content_publish",
            Scope::ManageComments => "instagram_business_manage_comments",
            Scope::ManageMessages => "instagram_business_manage_messages",
            Scope::ManageInsights => "instagram_business_manage_insights",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Self::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The scopes SocialFlow needs that `granted` lacks. Instagram renames
/// scopes now and then; an unknown name simply does not count as granted.
pub fn missing_scopes(granted: &[String]) -> Vec<Scope> {
    Scope::ALL
        .into_iter()
        .filter(|s| !granted.iter().any(|g| g.trim() == s.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_what_was_not_granted() {
        let granted = vec![
            "instagram_business_basic".to_string(),
            "instagram_business_content_publish".to_string(),
            "business_manage_comments".to_string(),
        ];
        assert_eq!(
            missing_scopes(&granted),
            vec![
                Scope::ManageComments,
                Scope::ManageMessages,
                Scope::ManageInsights
            ]
        );
        assert!(missing_scopes(&Scope::ALL.map(|s| s.as_str().to_string())).is_empty());
    }
}
