//! Reports: text, JSON and SARIF renderings of a [`Scan`]. Every renderer is deterministic: the same
//! scan renders to the same bytes.

pub mod json;
pub mod sarif;
pub mod text;

use crate::app::Scan;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// ANSI colour in text output.
    pub color: bool,
}

/// Renders a scan in one format.
#[must_use]
pub fn render(format: OutputFormat, scan: &Scan, options: &RenderOptions) -> String {
    match format {
        OutputFormat::Text => text::render(scan, options),
        OutputFormat::Json => json::render(scan),
        OutputFormat::Sarif => sarif::render(scan),
    }
}
