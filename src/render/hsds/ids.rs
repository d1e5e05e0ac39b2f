//! The export's ids: UUIDv5, so that the same record has the same id in every
//! build and a consumer's links to it keep working.
//!
//! The namespace is the UUIDv5 of the site's address (`--base-url`, else
//! `site.yaml`'s `base_url`, with a trailing `/`) in the standard URL namespace
//! (`6ba7b811-9dad-11d1-80b4-00c04fd430c8`); a site without an address uses
//! `urn:joinedup:` and the slug of its title instead. Each record's id is the
//! UUIDv5 of its joinedup key in that namespace: `organization:AGENCY`,
//! `organization:AGENCY/TEAM`, `service:AGENCY/ROUTE`, `taxonomy:topic`,
//! `taxonomy_term:topic:TOPIC` (and `audience:`, `urgency:`, `role:` words),
//! and for the parts of a service `schedule:AGENCY/ROUTE|N`,
//! `service_area:AGENCY/ROUTE|AREA`, `phone:AGENCY/ROUTE`,
//! `attribute:KEY|TERM-UUID`.

use uuid::Uuid;

/// Makes the ids of one site's records.
pub struct Ids {
    namespace: Uuid,
}

impl Ids {
    /// The namespace of a site with this address (ending in `/`), else this title.
    pub fn new(base_url: Option<&str>, title: &str) -> Ids {
        let name = match base_url {
            Some(b) => b.to_owned(),
            None => format!("urn:joinedup:{}", crate::model::ids::slug(title)),
        };
        Ids {
            namespace: Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()),
        }
    }

    /// The namespace UUID, as text.
    pub fn namespace(&self) -> String {
        self.namespace.to_string()
    }

    /// The id of a record of `kind` with joinedup key `key`.
    pub fn record(&self, kind: &str, key: &str) -> String {
        Uuid::new_v5(&self.namespace, format!("{kind}:{key}").as_bytes()).to_string()
    }

    /// The id of one of joinedup's taxonomies (`topic`, `audience`, `urgency`, `role`).
    pub fn taxonomy(&self, key: &str) -> String {
        self.record("taxonomy", key)
    }

    /// The id of a term in one of joinedup's taxonomies.
    pub fn term(&self, taxonomy: &str, code: &str) -> String {
        self.record("taxonomy_term", &format!("{taxonomy}:{code}"))
    }
}
