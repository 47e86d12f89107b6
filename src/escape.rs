//! Text that came from the scanned files, made safe to print. The files, their names and every value
//! read from them may have been written by an attacker (a pull request) and may hold what the runner
//! should not print (a token read through `file()`). Every report, stderr included, passes such text
//! through [`text`]; values quoted in an address or a message go through [`quote`].
//!
//! - Control characters (C0, DEL, C1, line and paragraph separators) and bidirectional controls are
//!   printed as visible escapes (`\n`, `\u{1b}`, `\u{202e}`): a newline would start a log line (a
//!   GitHub workflow command), ESC or CSI (U+009B) would drive the terminal, a bidi override would
//!   make the printed text read differently from its bytes.
//! - Secrets of the shapes a CI runner holds are masked with asterisks of the same length, so spans
//!   into a masked line stay valid.
//! - A quoted value longer than [`MAX_QUOTED`] characters is cut and ends in a short hash of the whole
//!   value, as is a value that had a secret masked: the result stays unique, and a long value (a file
//!   read into a key) is never printed in full.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use sha2::{Digest, Sha256};

/// Characters of a quoted value printed before it is cut (see [`quote`]). Real keys (managed policy
/// names, the longest for_each keys in the corpus: 38 characters) print whole.
pub const MAX_QUOTED: usize = 64;
/// Bytes at the start of a quoted value searched for secrets.
const MASK_WINDOW: usize = 1024;

/// Secret shapes masked wherever they appear. Each pattern's first group, or the whole match when it
/// has none, is masked. Every pattern matches ASCII only.
const SECRET_PATTERNS: [&str; 7] = [
    // AWS access key ids, with every documented prefix.
    r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}\b",
    // GitHub tokens: personal, OAuth, user-to-server, server-to-server (GITHUB_TOKEN), refresh,
    // fine-grained.
    r"gh[pousr]_[A-Za-z0-9]{20,}",
    r"github_pat_[A-Za-z0-9_]{20,}",
    // HTTP authorization headers (what actions/checkout writes to .git/config as `extraheader`).
    r"(?i)authorization\s*:\s*(?:basic|bearer|token)\s+([A-Za-z0-9+/._~-]+=*)",
    r"(?i)\bbearer\s+([A-Za-z0-9+/._~-]{20,}=*)",
    // `x-access-token:` base64-encoded, the start of checkout's header value, wherever it appears.
    r"eC1hY2Nlc3MtdG9rZW46[A-Za-z0-9+/]*=*",
    // Credentials in a URL: `https://user:secret@host`; the whole user information is masked.
    r"\b[A-Za-z][A-Za-z0-9+.-]*://([^/\s@]+)@",
];

/// [`SECRET_PATTERNS`] by index, for their captures.
static SECRETS: LazyLock<Vec<Option<Regex>>> =
    LazyLock::new(|| SECRET_PATTERNS.iter().map(|p| Regex::new(p).ok()).collect());

/// All of [`SECRET_PATTERNS`] in one pass: almost no text holds a secret, and one scan that says so
/// costs a fraction of seven searches for captures.
static ANY_SECRET: LazyLock<Option<RegexSet>> = LazyLock::new(|| RegexSet::new(SECRET_PATTERNS).ok());

/// 40-character base64 words, the shape of AWS secret access keys: masked on text that mentions a
/// secret, since the shape alone also matches hashes and ids.
static SECRET_KEY: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])").ok());

/// Text from the scanned files as it may be printed: controls escaped (see [`controls`]) and secrets
/// masked. Idempotent, so text built from already escaped parts (an address) can pass again.
#[must_use]
pub fn text(s: &str) -> Cow<'_, str> {
    match mask_secrets(s) {
        Cow::Borrowed(s) => controls(s, false),
        Cow::Owned(masked) => Cow::Owned(controls(&masked, false).into_owned()),
    }
}

/// Whether a character must not reach a terminal, a log or a report as itself.
#[must_use]
pub fn is_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidirectional embeddings, overrides, isolates and marks.
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        // Line and paragraph separators, which some viewers break lines at.
        | '\u{2028}' | '\u{2029}')
}

/// `s` with every [`is_control`] character written as an escape: `\n`, `\r`, `\t`, else `\u{1b}`.
/// With `keep_tabs`, tabs stay (a source line, where the renderer expands them).
#[must_use]
pub fn controls(s: &str, keep_tabs: bool) -> Cow<'_, str> {
    let escaped = |c: char| is_control(c) && !(keep_tabs && c == '\t');
    // Printable ASCII, what nearly every string is, needs no decoding to be known clean.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) || !s.chars().any(escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// Whether the text says "secret", which makes a 40-character base64 word in it a likely AWS key.
fn mentions_secret(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr2_iter(b's', b'S', bytes)
        .any(|i| bytes.get(i..i + 6).is_some_and(|w| w.eq_ignore_ascii_case(b"secret")))
}

/// `s` with secrets (see [`SECRETS`]) replaced by asterisks of the same length in bytes: the patterns
/// match ASCII, so every char boundary, and every span into `s`, stays valid.
#[must_use]
pub fn mask_secrets(s: &str) -> Cow<'_, str> {
    let mut ranges = Vec::new();
    // Whether any pattern matches is a cheaper question than which ones do, and the usual answer.
    let mentions = mentions_secret(s);
    if ANY_SECRET.as_ref().is_some_and(|set| !set.is_match(s)) && !mentions {
        return Cow::Borrowed(s);
    }
    let matched = ANY_SECRET.as_ref().map(|set| set.matches(s));
    let candidates = SECRETS
        .iter()
        .enumerate()
        .filter(|(i, _)| matched.as_ref().is_none_or(|m| m.matched(*i)))
        .filter_map(|(_, re)| re.as_ref());
    for re in candidates {
        for c in re.captures_iter(s) {
            if let Some(m) = c.get(1).or_else(|| c.get(0)) {
                ranges.push(m.range());
            }
        }
    }
    if mentions && let Some(re) = SECRET_KEY.as_ref() {
        ranges.extend(re.captures_iter(s).filter_map(|c| c.get(1)).map(|m| m.range()));
    }
    if ranges.is_empty() {
        return Cow::Borrowed(s);
    }
    let mut bytes = s.as_bytes().to_vec();
    for range in ranges {
        bytes[range].fill(b'*');
    }
    // Whole matches are replaced, so no multi-byte character is cut; the lossy path never runs.
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// A value read from the scanned files, quoted for an address (a `for_each` key: `x["key"]`) or a
/// message (`"10.0.0" is not a CIDR prefix`): in double quotes, `"` and `\` escaped, controls escaped,
/// secrets masked. Longer than [`MAX_QUOTED`] characters, or with a secret masked, it is cut and ends
/// in `…` and 8 hex digits of the value's SHA-256, so two values never print the same.
#[must_use]
pub fn quote(raw: &str) -> String {
    // Only the start is printed: masking a window around it keeps a megabyte value cheap, and a
    // secret that begins in the printed part and runs past the window is longer than any token.
    let mut window = raw.len().min(MASK_WINDOW);
    while !raw.is_char_boundary(window) {
        window -= 1;
    }
    let masked = mask_secrets(&raw[..window]);
    let mut body = String::with_capacity(masked.len().min(4 * MAX_QUOTED) + 2);
    for c in masked.chars().take(MAX_QUOTED) {
        match c {
            '"' => body.push_str("\\\""),
            '\\' => body.push_str("\\\\"),
            c if is_control(c) => push_escape(&mut body, c),
            c => body.push(c),
        }
    }
    let cut = raw.chars().nth(MAX_QUOTED).is_some();
    if cut || matches!(masked, Cow::Owned(_)) {
        let digest = Sha256::digest(raw.as_bytes());
        let _ = write!(body, "…{:02x}{:02x}{:02x}{:02x}", digest[0], digest[1], digest[2], digest[3]);
    }
    format!("\"{body}\"")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_visibly() {
        let hostile =
            "Logs\n::stop-commands::x\r\t\u{1b}[2J\u{7}\u{7f}\u{9b}\u{202e}\u{2066}\u{200f}\u{61c}\u{2028}";
        assert_eq!(
            text(hostile),
            "Logs\\n::stop-commands::x\\r\\t\\u{1b}[2J\\u{7}\\u{7f}\\u{9b}\\u{202e}\\u{2066}\\u{200f}\\u{61c}\\u{2028}"
        );
        assert!(matches!(text("aws_s3_bucket.b[\"k\"] é ✓"), Cow::Borrowed(_)));
        assert_eq!(controls("a\tb\u{1b}", true), "a\tb\\u{1b}");
        // Idempotent: escaped text passes again unchanged.
        let once = text(hostile).into_owned();
        assert_eq!(text(&once), once);
    }

    #[test]
    fn runner_secrets_are_masked_in_place() {
        let cases = [
            ("key AKIAIOSFODNN7EXAMPLE.", "key ********************."),
            (
                "extraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX0NBTkFSWQ==",
                "extraheader = AUTHORIZATION: basic ************************************",
            ),
            ("Authorization: Bearer abc.def-ghi", "Authorization: Bearer ***********"),
            (
                "url = https://x-access-token:s3cr3t@github.com/o/r",
                "url = https://*********************@github.com/o/r",
            ),
            (
                "git@github.com:o/r and https://github.com/o/r",
                "git@github.com:o/r and https://github.com/o/r",
            ),
        ];
        for (input, masked) in cases {
            assert_eq!(mask_secrets(input), masked, "{input}");
            assert_eq!(mask_secrets(input).len(), input.len());
        }
        for whole in [
            "ghs_CANARYtoken0123456789abcdefABCDEF0123",
            "ghp_0123456789abcdefghij0123",
            "github_pat_11ABCDEFG0123456789_abcdefghijkl",
            "eC1hY2Nlc3MtdG9rZW46Z2hzX0NBTkFSWQ==",
        ] {
            assert_eq!(mask_secrets(whole), "*".repeat(whole.len()), "{whole}");
        }
        let line = r#"  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE, secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY""#;
        let masked = mask_secrets(line);
        assert_eq!(masked.len(), line.len());
        assert!(!masked.contains("AKIAIOSFODNN7EXAMPLE"), "{masked}");
        assert!(!masked.contains("wJalrXUtnFEMI"), "{masked}");
        // Without a mention of a secret, a 40-character word (a hash) is left alone.
        let hash = "etag = \"0123456789abcdef0123456789abcdef01234567\"";
        assert_eq!(mask_secrets(hash), hash);
        assert!(matches!(mask_secrets("bucket = \"x\""), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_values_are_escaped_masked_and_capped() {
        assert_eq!(quote("logs"), "\"logs\"");
        assert_eq!(quote("a\"b\\c\nd\u{202e}"), "\"a\\\"b\\\\c\\nd\\u{202e}\"");
        let digest = |s: &str| {
            let d = Sha256::digest(s.as_bytes());
            format!("{:02x}{:02x}{:02x}{:02x}", d[0], d[1], d[2], d[3])
        };
        let long = "x".repeat(10_000);
        assert_eq!(quote(&long), format!("\"{}…{}\"", "x".repeat(MAX_QUOTED), digest(&long)));
        // Exactly at the limit: printed whole.
        assert_eq!(quote(&"y".repeat(MAX_QUOTED)), format!("\"{}\"", "y".repeat(MAX_QUOTED)));
        // A masked secret gets the hash, so two keys never print the same.
        let (a, b) = ("AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLF");
        assert_eq!(quote(a), format!("\"{}…{}\"", "*".repeat(20), digest(a)));
        assert_ne!(quote(a), quote(b));
        // A secret at the start of a megabyte value is masked too.
        let huge = format!("ghs_CANARYtoken0123456789abcdefABCDEF0123 {}", "x".repeat(1 << 20));
        let shown = format!("{} {}", "*".repeat(41), "x".repeat(MAX_QUOTED - 42));
        assert_eq!(quote(&huge), format!("\"{shown}…{}\"", digest(&huge)));
        // Escapes count as one character each: the cut never splits a character.
        let wide = "é\u{1b}".repeat(40);
        assert!(quote(&wide).starts_with("\"é\\u{1b}é\\u{1b}"));
        assert_eq!(quote(&wide).matches('é').count(), MAX_QUOTED / 2);
    }
}
