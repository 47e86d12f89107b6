//! Unified diffs of planned fixes, as `diff -u` and `git diff` print them.

/// The unified diff from `old` to `new` of the file shown as `display`; empty when they are equal.
/// Its lines are scanned text, printed as any: control characters escaped and secrets masked (a
/// diff with either no longer applies as a patch, and is for reading).
#[must_use]
pub fn unified(display: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let shown = crate::escape::text(display);
    let diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .missing_newline_hint(true)
        .to_string();
    let mut out = String::with_capacity(diff.len());
    for line in diff.split_inclusive('\n') {
        let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        out.push_str(&printable(body));
        out.push_str(end);
    }
    out
}

/// A line of scanned text as it may be printed: tabs kept, other controls escaped, secrets masked.
#[must_use]
pub fn printable(line: &str) -> std::borrow::Cow<'_, str> {
    match crate::escape::mask_secrets(line) {
        std::borrow::Cow::Borrowed(l) => crate::escape::controls(l, true),
        std::borrow::Cow::Owned(masked) => {
            std::borrow::Cow::Owned(crate::escape::controls(&masked, true).into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_changed_line_is_a_hunk() {
        let diff = unified("main.tf", "a {\n  x = false\n}\n", "a {\n  x = true\n}\n");
        assert_eq!(
            diff,
            "--- a/main.tf\n+++ b/main.tf\n@@ -1,3 +1,3 @@\n a {\n-  x = false\n+  x = true\n }\n"
        );
        assert_eq!(unified("main.tf", "same\n", "same\n"), "");
        let hostile = unified("main.tf", "a = \"\u{1b}[2J\"\n", "a = \"x\"\n");
        assert!(hostile.contains("-a = \"\\u{1b}[2J\"\n"), "{hostile}");
    }
}
