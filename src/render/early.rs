//! The first part of a build, which `serve` runs while the content is
//! analysed: the theme, the resolved content and the agencies' views, and
//! the open pages when they are all agencies' pages, rendered from those
//! alone. The editor's save (an agency's file, usually) is then on screen
//! before the needs, the route cards and the other pages' values are made.
//!
//! An agency's page reads the site's settings, the calendar, the free
//! pages' links, its own view and links to the agreements, meetings and
//! pathways it takes part in (by their parties, chairs, members and steps'
//! agencies, never by their needs), none of which depends on the needs'
//! views. The build renders the open pages again from the whole directory
//! all the same, and shows them again if their bytes differ.

use std::sync::Arc;

use rayon::prelude::*;

use super::directory::{self, AgencyView, Builder, Made, Scope, Shared};
use super::{Error, Keep, Options, Preview, Site, base_url, kinds, load_theme, pages, theme};
use crate::model::Content;
use crate::timing;

/// What the first part of a build made (see the module's comment).
pub struct Early<'c> {
    pub(super) theme: theme::Theme,
    pub(super) builder: Builder<'c>,
    /// In the directory's order.
    pub(super) agencies: Vec<Shared<AgencyView>>,
    pub(super) made: Option<Made<'c>>,
    /// The open pages, when they could be rendered this early.
    pub(super) pages: Option<Preview>,
    /// Whether `pages` were shown already ([`Early::take_preview`]).
    pub(super) shown: bool,
}

impl<'c> Early<'c> {
    /// Loads the theme, resolves `content` and makes the agencies' views
    /// (reusing `keep`'s), and renders the pages at `first` when it can.
    pub fn prepare(
        content: &'c Content,
        options: &Options,
        first: &[String],
        keep: Option<&mut Keep>,
    ) -> Result<Early<'c>, Error> {
        let theme = load_theme(content, options).map_err(Error::Usage)?;
        let scope = Scope {
            public: options.public,
            today: options.today,
        };
        let mut keep = keep;
        let kept = keep.as_deref_mut().map(|k| &mut k.views);
        let mut builder = timing::phase("resolve", || Builder::new(content, scope, kept));
        builder.stop = keep.as_ref().and_then(|k| k.stop.clone());
        let (agencies, made) = builder.sorted_agency_views(keep.map(|k| &mut k.views));
        let pages = timing::phase("open pages, early", || {
            open_agency_pages(&builder, &theme, &agencies, options, first)
        });
        Ok(Early {
            theme,
            builder,
            agencies,
            made,
            pages,
            shown: false,
        })
    }

    /// The open pages rendered early, to be shown now, once: the build then
    /// shows them again only if its own differ.
    pub fn take_preview(&mut self) -> Option<Preview> {
        if self.shown {
            return None;
        }
        let pages = self.pages.clone()?;
        self.shown = true;
        Some(pages)
    }
}

/// The agencies' pages at `first` rendered from the agencies' views alone;
/// none when one is not an agency's page, or when a page cannot be rendered
/// (the whole build then says why).
fn open_agency_pages(
    builder: &Builder<'_>,
    theme: &theme::Theme,
    agencies: &[Shared<AgencyView>],
    options: &Options,
    first: &[String],
) -> Option<Preview> {
    if first.is_empty() {
        return None;
    }
    let mut dir = builder.agency_pages_directory(agencies.to_vec());
    // Only the agreements, meetings and pathways the open agencies take part in.
    let open: Vec<&str> = (first.iter())
        .filter_map(|p| p.strip_prefix("agencies/")?.strip_suffix("/index.html"))
        .collect();
    dir.kinds = kinds::resolve_for(&builder.r, &dir, &builder.terms, &open);
    if let Some(url) = &options.base_url {
        dir.site.base_url = Some(base_url(url).ok()?);
    }
    let dir = Arc::new(dir);
    let jobs = pages::agency_jobs(&dir, first)?;
    let site = Site {
        dir: &dir,
        theme,
        stop: None,
    };
    let rendered: Result<Preview, Error> = (jobs.par_iter())
        .map(|job| Ok((job.path.clone(), site.render_page(job)?)))
        .collect();
    let mut pages = rendered.ok()?;
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Some(pages)
}

/// The directory made from what [`Early::prepare`] made, with `keep`'s
/// views; [`Error::Superseded`] when the build is to stop (freed off the
/// build's path: the next build is waiting).
pub(super) fn directory(
    builder: &Builder<'_>,
    agencies: Vec<Shared<AgencyView>>,
    made: Option<Made<'_>>,
    keep: Option<&mut Keep>,
) -> Result<directory::Directory, Error> {
    let kept = keep.map(|k| &mut k.views);
    let dir = timing::phase("directory", || builder.build_rest(agencies, made, kept));
    if builder.stopped() {
        std::thread::spawn(move || drop(dir));
        return Err(Error::Superseded);
    }
    Ok(dir)
}
