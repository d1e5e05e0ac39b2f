//! Shadowing offers' views: open ones first, then by their next date.

use super::text::slug;
use super::*;
use crate::model::{Date, ShadowingOffer, Visibility};

impl Builder<'_> {
    pub(super) fn offers(&self) -> Vec<OfferView> {
        let today = self.r.scope.today;
        let mut offers: Vec<(OfferView, Option<Date>)> = (self.r.content.shadowing.iter())
            .filter_map(|o| {
                // Stopped part-way for a newer save (the build stops too).
                if self.stopped() {
                    return None;
                }
                let v = self.r.offer_visibility(o).filter(|v| self.r.shown(*v))?;
                let next = (o.dates.iter().map(|d| d.value))
                    .filter(|d| *d >= today)
                    .min();
                Some((self.offer_view(o, v), next))
            })
            .collect();
        // Open first; then by the next date (undated "by arrangement" after dated), then title.
        offers.sort_by(|(a, an), (b, bn)| {
            (a.closed, an.is_none(), an, &a.title).cmp(&(b.closed, bn.is_none(), bn, &b.title))
        });
        // An offer open to "anyone…" shows under every choice of the filter.
        let mut every: Vec<String> = (offers.iter())
            .flat_map(|(o, _)| o.open_to_ids.iter().cloned())
            .collect();
        every.sort();
        every.dedup();
        let anyone = |o: &OfferView| {
            (o.open_to.iter()).any(|w| w.trim().to_lowercase().starts_with("anyone"))
        };
        (offers.into_iter())
            .map(|(mut o, _)| {
                if anyone(&o) {
                    o.open_to_ids = every.clone();
                }
                o
            })
            .collect()
    }

    /// One offer's view, of resolved visibility `v`.
    fn offer_view(&self, o: &ShadowingOffer, v: Visibility) -> OfferView {
        let shown_team =
            (o.team.as_ref()).and_then(|t| self.r.shown_team(&o.agency.value, &t.value));
        let mut dates: Vec<Date> = o.dates.iter().map(|d| d.value).collect();
        dates.sort();
        OfferView {
            id: o.id.value.clone(),
            url: format!("shadowing/{}/index.html", o.id.value),
            title: o.title.value.clone(),
            agency: self.agency_link(&o.agency.value),
            team: shown_team.map(|t| t.name.value.clone()),
            team_id: shown_team.map(|t| t.id.value.clone()),
            description_html: self.md(Some(&o.description), 2),
            open_to: o.open_to.iter().map(|x| x.value.clone()).collect(),
            open_to_ids: o.open_to.iter().map(|x| slug(&x.value)).collect(),
            format: o.format.as_ref().map(|f| f.value.word()),
            duration: o.duration.as_ref().map(|d| d.value.clone()),
            dates: dates.iter().map(Date::to_string).collect(),
            places: o.places.as_ref().map(|p| p.value),
            location: o.location.as_ref().map(|l| l.value.clone()),
            apply: self.route_link(&o.apply.value, &o.agency.value),
            closes: o.closes.as_ref().map(|c| c.value.to_string()),
            closed: (o.closes.as_ref()).is_some_and(|c| c.value < self.r.scope.today),
            visibility: v,
        }
    }
}
