//! Reports: text, JSON, SARIF, Markdown, JUnit and GitHub-annotation renderings of a [`Scan`]. Every renderer is deterministic: the same
//! scan renders to the same bytes.

#[cfg(test)]
mod fixture;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::path::{Component, Path, PathBuf};

use crate::scan::Scan;
use crate::source::{FileId, LineCol, SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    /// A pull-request comment or job summary.
    Markdown,
    /// JUnit XML: one test case per policy and resource judged.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

impl OutputFormat {
    /// The format a report file's extension names (`.sarif`, `.json`, `.md`, `.xml`), else text.
    #[must_use]
    pub fn from_extension(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("sarif") => OutputFormat::Sarif,
            Some("json") => OutputFormat::Json,
            Some("md" | "markdown") => OutputFormat::Markdown,
            Some("xml") => OutputFormat::Junit,
            _ => OutputFormat::Text,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// ANSI colour in text output.
    pub color: bool,
    /// The SARIF `automationDetails.id` category (`palisade` when unset). GitHub keeps one set of alerts
    /// per category, so two uploads for the same commit (say, one per directory) need different ones.
    pub category: Option<String>,
    /// Prefix of file links in the markdown report (`https://github.com/o/r/blob/<sha>/`); links are
    /// relative to the scan directory without it.
    pub link_base: Option<String>,
    /// The repository root (canonical): SARIF uris, and markdown links under `link_base`, are
    /// relative to it rather than to the current directory, so a scan run from a subdirectory still
    /// names files as the repository does. Unset, they are relative to the current directory.
    pub root: Option<PathBuf>,
    /// SARIF: results that have a fix carry it (`--sarif-fixes`).
    pub sarif_fixes: bool,
}

/// Turns a path as reports show it (relative to the current directory, or absolute outside it) into
/// one relative to the repository root.
#[derive(Clone, Debug)]
pub(crate) struct RepoRoot {
    root: PathBuf,
    cwd: PathBuf,
}

impl RepoRoot {
    pub(crate) fn new(options: &RenderOptions) -> Option<Self> {
        let root = options.root.clone()?;
        let cwd = std::env::current_dir().ok()?;
        Some(RepoRoot { cwd: cwd.canonicalize().unwrap_or(cwd), root })
    }

    /// `/`-separated and relative to the root; `None` for a path outside it.
    pub(crate) fn relative(&self, display: &str) -> Option<String> {
        let shown = Path::new(display);
        let joined = if shown.is_absolute() { shown.to_path_buf() } else { self.cwd.join(shown) };
        let under = match joined.strip_prefix(&self.root) {
            Ok(rest) => rest.to_path_buf(),
            // An absolute path shown through a symlink: only this rare case costs a system call.
            Err(_) => joined.canonicalize().ok()?.strip_prefix(&self.root).ok()?.to_path_buf(),
        };
        let mut parts: Vec<String> = Vec::new();
        for component in under.components() {
            match component {
                Component::CurDir => {}
                Component::ParentDir => {
                    parts.pop()?;
                }
                Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
                Component::RootDir | Component::Prefix(_) => return None,
            }
        }
        (!parts.is_empty()).then(|| parts.join("/"))
    }
}

/// Renders a scan in one format.
#[must_use]
pub fn render(format: OutputFormat, scan: &Scan, options: &RenderOptions) -> String {
    match format {
        OutputFormat::Text => text::render(scan, options),
        OutputFormat::Json => json::render(scan),
        OutputFormat::Sarif => sarif::render(scan, options),
        OutputFormat::Markdown => markdown::render(scan, options),
        OutputFormat::Junit => junit::render(scan),
        OutputFormat::Github => github::render(scan),
    }
}

/// The part of a span every report points at: its first line. A finding about a nested block or a
/// CloudFormation map would otherwise cover dozens of lines; GitHub annotates only the start line
/// anyway, and the first line (`versioning {`, `VersioningConfiguration:`) names what is wrong. The end
/// drops the trailing whitespace of that line so underlines stop at the text.
#[must_use]
pub(crate) fn first_line(file: &SourceFile, span: Span) -> Span {
    let text = file.text.as_str();
    let start = floor_boundary(text, (span.start as usize).min(text.len()));
    let end = floor_boundary(text, (span.end as usize).clamp(start, text.len()));
    // The line index, not a search: a minified template has one line of megabytes and many findings.
    let line_end = file.line_end(start).max(start);
    if end <= line_end {
        return Span::new(start, end);
    }
    Span::new(start, start + text[start..line_end].trim_end().len())
}

/// The 1-based start and exclusive end of the reported region (see [`first_line`]).
#[must_use]
pub(crate) fn region(file: &SourceFile, span: Span) -> (LineCol, LineCol) {
    file.span_positions(first_line(file, span))
}

/// The first thing a report says when the pull request changes the files that configure the scan
/// (`.palisade.yml`, the baseline, custom policies): which ones, and that the base revision's versions
/// were used. `quote` writes one file name.
fn configuration_notice(scan: &Scan, quote: impl Fn(&str) -> String) -> Option<String> {
    let diff = scan.diff.as_ref().filter(|d| !d.configuration.is_empty())?;
    let files: Vec<String> = diff.configuration.iter().map(|f| quote(f)).collect();
    Some(format!(
        "This pull request changes the scan's configuration ({}); the base revision's \
         versions were used (the warnings say so for each file).",
        files.join(", ")
    ))
}

/// The file a finding or location points at; ids come from the same scan, but a report must not
/// panic on a stale one.
fn file_of(scan: &Scan, id: FileId) -> Option<&SourceFile> {
    scan.project.files.get(id)
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("main.tf".into(), "main.tf".into(), text.into())
    }

    #[test]
    fn multi_line_spans_are_cut_to_their_first_line() {
        let f = file("a {\n  versioning {  \n    enabled = false\n  }\n}\n");
        let start = f.text.find("versioning").unwrap_or(0);
        let end = f.text.rfind("  }").unwrap_or(0) + 3;
        let cut = first_line(&f, Span::new(start, end));
        assert_eq!(&f.text[cut.range()], "versioning {");
        let (s, e) = region(&f, Span::new(start, end));
        assert_eq!((s.line, s.column, e.line, e.column), (2, 3, 2, 15));
    }

    #[test]
    fn paths_are_made_relative_to_the_repository_root() {
        let root = RepoRoot { root: "/r".into(), cwd: "/r/envs/prod".into() };
        assert_eq!(root.relative("main.tf").as_deref(), Some("envs/prod/main.tf"));
        assert_eq!(root.relative("../dev/x.tf").as_deref(), Some("envs/dev/x.tf"));
        assert_eq!(root.relative("/r/modules/a.tf").as_deref(), Some("modules/a.tf"));
        assert_eq!(root.relative("../../../elsewhere/a.tf"), None);
        assert_eq!(root.relative("/elsewhere/a.tf"), None);
    }

    #[test]
    fn single_line_and_out_of_range_spans_are_kept_or_clamped() {
        let f = file("acl = \"public-read\"\n");
        assert_eq!(first_line(&f, Span::new(6, 19)), Span::new(6, 19));
        assert_eq!(first_line(&f, Span::new(500, 900)), Span::new(20, 20));
    }
}
