//! Errors and diagnostics. A diagnostic is something a user should see about their files (a syntax
//! error, a module that could not be evaluated); it never stops the scan of the other files.

use std::path::PathBuf;

use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiagLevel {
    Error,
    Warning,
    Note,
}

/// A located message about an input file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub level: DiagLevel,
    /// The path as shown to users.
    pub file: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    #[must_use]
    pub fn error(
        file: impl Into<String>,
        line: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { level: DiagLevel::Error, file: file.into(), line, column, message: message.into() }
    }

    #[must_use]
    pub fn warning(
        file: impl Into<String>,
        line: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { level: DiagLevel::Warning, file: file.into(), line, column, message: message.into() }
    }

    /// A diagnostic at the line and column where `span` starts in `file`.
    #[must_use]
    pub fn at(level: DiagLevel, file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        let pos = file.line_col(span.start as usize);
        let file = file.display.clone();
        Diagnostic { level, file, line: Some(pos.line), column: Some(pos.column), message: message.into() }
    }
}

impl Diagnostic {
    /// Where it is, as every message prints a place: `file:line:column`, or as much as is known.
    #[must_use]
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.file),
            (Some(line), None) => format!("{}:{line}", self.file),
            _ => self.file.clone(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

/// A parse failure inside one file: the message and where it happened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

impl ParseError {
    #[must_use]
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        ParseError { message: message.into(), span }
    }
}

/// Errors that end a command: bad usage, bad configuration, unreadable output paths. Exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    // Not a `source`: the message already says it, and a chain printed with `{:#}` would say it twice.
    #[error("{path}: {error}")]
    Io { path: PathBuf, error: std::io::Error },
    /// A mistake at a place in a file the command needs whole (configuration, a policy, a baseline),
    /// printed as every diagnostic is.
    #[error("{0}")]
    Located(Box<Diagnostic>),
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An error at the place where `span` starts in `file`.
    #[must_use]
    pub fn at(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Error::Located(Box::new(Diagnostic::at(DiagLevel::Error, file, span, message)))
    }
}
