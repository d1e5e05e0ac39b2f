//! The one place the Open Referral export reads the content: which agencies,
//! teams and routes an export includes, as the build's resolved model
//! (`crate::resolve`) decides for every output, looked up by joinedup key.

use std::collections::HashSet;

use crate::model::{Agency, ContactRoute, Site, Team, Topic};
use crate::resolve::Resolved;

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
    /// What the resolved content includes (everything, or only what resolves
    /// to public).
    pub(crate) fn of(r: &Resolved<'c>) -> Source<'c> {
        let content = r.content;
        let mut s = Source {
            site: content.site.as_ref(),
            topics: &content.topics,
            agencies: Vec::new(),
            teams: Vec::new(),
            routes: Vec::new(),
            included_orgs: HashSet::new(),
            included_routes: HashSet::new(),
        };
        for a in r.agencies() {
            let id = a.id.value.as_str();
            s.agencies.push(a);
            s.included_orgs.insert(id.to_owned());
            for t in a.teams.iter().filter(|t| r.team_shown(id, &t.id.value)) {
                s.teams.push((a, t));
                s.included_orgs.insert(format!("{id}/{}", t.id.value));
            }
            for c in &a.contacts {
                if r.contact_shown(id, &c.id.value) {
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
