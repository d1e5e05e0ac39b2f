//! joinedup: a static site generator for interagency working in health and
//! social care.
//!
//! Data flows through one module per stage:
//! - [`load`] reads a content folder into the typed [`model`], with every value's place;
//! - [`analyse`] checks references and judges the content (gaps, overlaps, loops, …);
//! - [`findings`] holds what the checks say and prints it for people or as JSON;
//! - [`render`] writes the site: pages, theme assets and data exports;
//! - [`serve`] is the editor's loop: watch, rebuild, serve and reload.
//!
//! [`today`] decides the build date; [`synth`] writes synthetic content for
//! benchmarks and scale tests; [`timing`] prints phase timings when asked.

pub mod analyse;
pub mod cli;
pub mod findings;
pub mod load;
pub mod model;
pub mod render;
pub mod schema;
pub mod serve;
pub mod suggest;
pub mod synth;
pub mod timing;
pub mod today;
