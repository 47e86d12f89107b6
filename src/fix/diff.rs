//! Unified diffs of planned fixes, as `diff -u` and `git diff` print them.

/// The unified diff from `old` to `new` of the file shown as `display`; empty when they are equal.
#[must_use]
pub fn unified(display: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let shown = crate::escape::text(display);
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .missing_newline_hint(true)
        .to_string()
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
    }
}
