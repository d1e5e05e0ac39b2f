//! Import: records from another directory into a content folder.
use std::path::Path;

use crate::model::Date;

/// `joinedup import hsds`.
pub fn hsds(
    _source: &Path,
    _output: &Path,
    _map: Option<&Path>,
    _today: Date,
) -> Result<String, String> {
    Err("not yet".into())
}
