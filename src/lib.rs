//! Palisade: a static analyzer for Terraform and CloudFormation that finds security problems before
//! deployment.
//!
//! The pipeline: [`discover`] files → [`parse`] with spans → [`eval`]uate values (Unknown where a value
//! depends on the deploy) → [`graph`] of references → [`policy`] checks in parallel → [`report`].

pub mod app;
pub mod cli;
pub mod collections;
pub mod config;
pub mod diag;
pub mod diff;
pub mod discover;
pub mod docs;
pub mod escape;
pub mod eval;
pub mod fix;
pub mod graph;
pub mod init;
pub mod model;
pub mod parse;
pub mod plan;
pub mod policy;
pub mod repo;
pub mod report;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod value;
