//! The one place the Open Referral export reads the content model: which
//! agencies, teams and routes an export includes (visibility resolved, as the
//! site's pages resolve it), looked up by joinedup key. When the build has one
//! resolved model, only [`Source::of`] changes.

use std::collections::{HashMap, HashSet};

use crate::model::{Agency, ContactRoute, Content, Site, Team, Topic, Visibility};

/// What one export includes.
pub struct Source<'c> {
    /// The site's settings, if it has a `site.yaml`.
    pub site: Option<&'c Site>,
    /// Every topic (topics have no visibility).
    pub topics: &'c [Topic],
    /// The agencies included.
    pub agencies: Vec<&'c Agency>,
    /// The teams included, with their agency.
    pub teams: Vec<(&'c Agency, &'c Team)>,
    /// The contact routes included, with their agency.
    pub routes: Vec<(&'c Agency, &'c ContactRoute)>,
    /// Keys of what is included: `agency`, `agency/team`, `agency/route`.
    included_orgs: HashSet<String>,
    included_routes: HashSet<String>,
}

impl<'c> Source<'c> {
    /// Everything in the content, or only what resolves to public.
    pub fn of(content: &'c Content, public: bool) -> Source<'c> {
        let default = content
            .site
            .as_ref()
            .map_or(Visibility::Internal, |s| s.default_visibility);
        let keep = |v: Visibility| !public || v == Visibility::Public;
        let mut s = Source {
            site: content.site.as_ref(),
            topics: &content.topics,
            agencies: Vec::new(),
            teams: Vec::new(),
            routes: Vec::new(),
            included_orgs: HashSet::new(),
            included_routes: HashSet::new(),
        };
        for a in &content.agencies {
            let av = a.visibility.as_ref().map_or(default, |x| x.value);
            if !keep(av) {
                continue;
            }
            s.agencies.push(a);
            s.included_orgs.insert(a.id.value.clone());
            let mut team_vis = HashMap::new();
            for t in &a.teams {
                let tv = t.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
                team_vis.insert(t.id.value.as_str(), tv);
                if keep(tv) {
                    s.teams.push((a, t));
                    s.included_orgs
                        .insert(format!("{}/{}", a.id.value, t.id.value));
                }
            }
            for c in &a.contacts {
                let mut cv = c.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
                if let Some(tv) = c.team.as_ref().and_then(|t| team_vis.get(t.value.as_str())) {
                    cv = cv.stricter(*tv);
                }
                if keep(cv) {
                    s.included_routes
                        .insert(format!("{}/{}", a.id.value, c.id.value));
                    s.routes.push((a, c));
                }
            }
        }
        s
    }

    /// Whether an agency (`agency`) or team (`agency/team`) is in the export.
    pub fn has_org(&self, key: &str) -> bool {
        self.included_orgs.contains(key)
    }

    /// Whether a route (`agency/route`) is in the export.
    pub fn has_route(&self, key: &str) -> bool {
        self.included_routes.contains(key)
    }
}
