//! Every integration test, in one binary: one link of the crate instead of one
//! per file. Each module is what was `tests/NAME.rs` and keeps its tests'
//! names: `cargo test --test suite NAME::` runs one file's tests,
//! `cargo test --test suite NAME::TEST` one test. To add a file, put it here as
//! `tests/suite/NAME.rs`, add `mod NAME;` below, and reach the shared helpers
//! with `use crate::common;` (not `mod common;`).

#[path = "../common/mod.rs"]
mod common;
#[path = "../hsds_schemas/mod.rs"]
mod hsds_schemas;

mod build;
mod check_errors;
mod check_robustness;
mod check_warnings;
mod cli;
mod code_size;
mod docs;
mod editing;
mod eligibility;
mod exit_codes;
mod exports_safety;
mod hostile_files;
mod hostile_markdown;
mod hours;
mod hsds_export;
mod hsds_import;
mod kind_reading;
mod kinds_build;
mod kinds_check;
mod many_pages;
mod mutations;
mod output_safety;
mod route_fields;
mod scale;
mod serve;
mod serve_incremental;
mod snapshots;
mod spec_examples;
mod theme_scripts;
mod theme_strict;
