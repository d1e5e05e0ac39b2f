//! The cross-reference errors of agreements, meetings and pathways: duplicate
//! ids, and the agencies, teams, topics, areas and contact routes they name.
//! (A pathway's `next` is checked where its file is read, `load/pathways.rs`.)

use super::{Checker, report_duplicates};
use crate::findings::{Code, Finding};
use crate::model::kinds::ANYONE;
use crate::model::{Text, ids};

impl Checker<'_, '_> {
    pub(super) fn kinds(&mut self) {
        let c = self.content;
        report_duplicates(
            "agreement id",
            c.agreements.iter().map(|a| (&a.id, None)),
            c,
            self.out,
        );
        report_duplicates(
            "meeting id",
            c.meetings.iter().map(|m| (&m.id, None)),
            c,
            self.out,
        );
        report_duplicates(
            "pathway id",
            c.pathways.iter().map(|p| {
                (
                    &p.id,
                    Some("a pathway's id is its file name: two files have the same name"),
                )
            }),
            c,
            self.out,
        );
        for a in &c.agreements {
            for party in &a.parties {
                self.agency_or_team(party, "parties");
            }
            for t in &a.topics {
                self.topic_exists(t, "topics");
            }
        }
        for m in &c.meetings {
            self.agency_or_team(&m.chair, "chair");
            for member in &m.members {
                self.agency_or_team(member, "members");
            }
            for t in &m.topics {
                self.topic_exists(t, "topics");
            }
            for area in &m.areas {
                self.area_exists(area);
            }
            if let Some(refer) = &m.refer {
                let home = agency_of(&m.chair.value);
                self.contact_exists(refer, home, "refer");
            }
        }
        for p in &c.pathways {
            for t in &p.topics {
                self.topic_exists(t, "topics");
            }
            for s in &p.steps {
                let who = s.who.value.trim();
                if who != ANYONE {
                    self.agency_or_team(&s.who, "who");
                }
                match &s.contact {
                    Some(contact) if who == ANYONE && !contact.value.contains('/') => {
                        self.out.push(
                            Finding::at(
                                Code::InvalidValue,
                                contact.loc,
                                format!("`contact: {}` names a route without its agency, and this step is for anyone", contact.value),
                            )
                            .hint("write the route as `agency/route`, like `northshire-county-council/mash-professionals`"),
                        );
                    }
                    Some(contact) => self.contact_exists(contact, agency_of(who), "contact"),
                    None => {}
                }
            }
        }
    }

    /// An `agency` or `agency/team` reference.
    fn agency_or_team(&mut self, at: &Text, key: &str) {
        match ids::split_agency_or_team(&at.value) {
            Some(ids::AgencyOrTeam::Agency(id)) => {
                self.agency_id_exists(at, id, key);
            }
            Some(ids::AgencyOrTeam::Team(agency, team))
                if self.agency_id_exists(at, agency, key) =>
            {
                self.team_exists(at, agency, team, key);
            }
            Some(ids::AgencyOrTeam::Team(..)) | None => {}
        }
    }
}

/// The agency part of an `agency` or `agency/team` reference.
fn agency_of(reference: &str) -> &str {
    reference.split('/').next().unwrap_or(reference)
}
