//! Source files, byte spans and the one place where positions are converted.
//!
//! Three position units meet in this crate: hcl-edit and jsonc-parser give byte offsets, saphyr gives
//! character offsets with 1-based lines and 0-based columns, and SARIF wants 1-based lines and columns.
//! Everything inside Palisade is a byte [`Span`]; [`SourceFile`] converts at the edges.

use std::path::PathBuf;

/// A half-open byte range `start..end` inside one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span { start: clamp(start), end: clamp(end.max(start)) }
    }

    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Index of a file in [`crate::model::Project::files`].
pub type FileId = usize;

/// What kind of infrastructure code a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Terraform,
    #[serde(rename = "cloudformation")]
    CloudFormation,
}

impl Format {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Terraform => "terraform",
            Format::CloudFormation => "cloudformation",
        }
    }
}

/// A 1-based line and a 1-based column counted in characters (SARIF's default unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A file read from disk with its line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the current directory when under it, `/`-separated.
    pub display: String,
    /// The path used to read the file.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// Each multi-byte character: its byte offset and the extra bytes (beyond one per character) of it
    /// and every one before it. Columns come from a binary search here instead of counting the
    /// characters of the line, which made a minified one-line template quadratic in its findings.
    multibyte: Vec<(usize, usize)>,
    /// Written by a tool, not a person (a Terraform plan): findings may point at it, but reports
    /// never print its lines, which may hold values the tool marked sensitive.
    pub generated: bool,
}

impl SourceFile {
    #[must_use]
    pub fn new(display: String, path: PathBuf, text: String) -> Self {
        // Every file read is indexed; memchr's word-at-a-time search is several times faster than
        // `match_indices`, which compares a character at a time.
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut extra = 0;
        let mut multibyte = Vec::new();
        if !text.is_ascii() {
            for (i, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
                extra += c.len_utf8() - 1;
                multibyte.push((i, extra));
            }
        }
        SourceFile { display, path, text, line_starts, multibyte, generated: false }
    }

    /// The 1-based line and character column of a byte offset (clamped to the file).
    #[must_use]
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = (offset - start) - (self.extra_before(offset) - self.extra_before(start)) + 1;
        LineCol { line, column }
    }

    /// The byte offset where the line holding `offset` starts.
    #[must_use]
    pub fn line_start(&self, offset: usize) -> usize {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        self.line_starts[line - 1]
    }

    /// The byte offset where the line holding `offset` ends (before its line break), clamped.
    #[must_use]
    pub fn line_end(&self, offset: usize) -> usize {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        self.line_starts.get(line).map_or(self.text.len(), |&next| next - 1)
    }

    /// Extra bytes of the multi-byte characters that start before `offset`.
    fn extra_before(&self, offset: usize) -> usize {
        let n = self.multibyte.partition_point(|&(i, _)| i < offset);
        if n == 0 { 0 } else { self.multibyte[n - 1].1 }
    }

    /// The start and (exclusive) end positions of a span.
    #[must_use]
    pub fn span_positions(&self, span: Span) -> (LineCol, LineCol) {
        let start = self.line_col(span.start as usize);
        let end = self.line_col(span.end as usize).max(start);
        (start, end)
    }

    /// The byte offset of a 1-based line and a 0-based character column, as saphyr reports them.
    #[must_use]
    pub fn offset_of(&self, line: usize, char_column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices().nth(char_column).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The text of a 1-based line, without its line break.
    #[must_use]
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("f".into(), "f".into(), "ab\n\u{e9}x = 1\n".into());
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // 'x' is byte 5 (the e-acute takes two bytes) but character column 2.
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(file.offset_of(2, 1), 5);
        assert_eq!(file.line_text(2), "\u{e9}x = 1");
        assert_eq!(file.line_end(0), 2);
        assert_eq!(file.line_end(4), 10);
        assert_eq!(file.line_start(4), 3);
        assert_eq!(file.line_start(0), 0);
    }

    #[test]
    fn columns_match_a_character_count_everywhere() {
        let text = "\u{1f512}a\u{e9}\n\u{e9}\u{e9}b\nplain\n\u{4e2d}\u{6587} \u{e9}";
        let file = SourceFile::new("f".into(), "f".into(), text.into());
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(file.line_col(offset).column, expected, "offset {offset}");
        }
    }
}
