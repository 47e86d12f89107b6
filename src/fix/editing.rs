//! A file's text as its fixes are made: spliced together where they are apart, made one after the
//! other where they are not.

use super::{Edit, Outcome};
use crate::source::Span;

/// A file's text as its fixes are made one after the other. Edits on different lines ([`apart`])
/// do not see each other: the text with all of them is the original with each replacement spliced
/// in, which spares parsing the file again for each. From the first edit that comes closer to
/// another, each is made again on the text so far (`sequential`).
pub(super) struct Editing<'t> {
    original: &'t str,
    edits: Vec<Edit>,
    sequential: Option<String>,
    /// A YAML template, whose keys inserted at one place stack ([`stacked`]).
    yaml: bool,
}

impl<'t> Editing<'t> {
    /// `so_far`: the text with fixes planned before these, which are then made on it one after the
    /// other.
    pub(super) fn new(original: &'t str, so_far: Option<String>, yaml: bool) -> Self {
        Editing { original, edits: Vec::new(), sequential: so_far, yaml }
    }

    /// Adds an edit computed on the original; `again` makes its fix on another text (the text so
    /// far) when it cannot be spliced. An edit made already, by another finding of the same place
    /// (an instance of the module in another root), is in the text so far.
    pub(super) fn add(&mut self, edit: Edit, again: impl FnOnce(&str) -> Outcome) -> Result<(), String> {
        let Editing { original, edits, sequential, yaml } = self;
        let made = edits.iter().any(|e| e.span == edit.span && e.text == edit.text);
        match sequential {
            _ if made => {}
            None if edits.iter().all(|e| {
                apart(original, e.span, edit.span) || (*yaml && stacked(e, edit.span, &edit.text))
            }) => {}
            None => {
                let so_far = splice_all(original, edits);
                *sequential = Some(again(&so_far)?.unwrap_or(so_far));
            }
            Some(text) => {
                if let Some(next) = again(text)? {
                    *text = next;
                }
            }
        }
        edits.push(edit);
        Ok(())
    }

    /// The text with every edit made, and the edits.
    pub(super) fn finish(self) -> (String, Vec<Edit>) {
        let fixed = self.sequential.unwrap_or_else(|| splice_all(self.original, &self.edits));
        (fixed, self.edits)
    }
}

/// Whether two replacements of `text` are on different lines: neither overlapping nor touching, a
/// line break between them. Each replaces whole lines and covers every line its fix changes (a
/// realigned argument, a comma added in JSON), so that each holds whatever the other does.
fn apart(text: &str, a: Span, b: Span) -> bool {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    first.end < second.start && text[first.range().end..second.range().start].contains('\n')
}

/// Whether two insertions at one place of a YAML template add different keys to one mapping (the
/// same indentation): made one after the other, the second goes after the first, which is what
/// splicing both there in order gives.
fn stacked(a: &Edit, span: Span, text: &str) -> bool {
    let key = |t: &str| {
        let first = t.lines().next()?;
        let trimmed = first.trim_start();
        let (key, _) = trimmed.split_once(':')?;
        (!trimmed.starts_with('-')).then(|| (first.len() - trimmed.len(), key.to_string()))
    };
    let inserted = |s: Span| s.start == s.end;
    inserted(a.span)
        && inserted(span)
        && a.span.start == span.start
        && matches!((key(&a.text), key(text)), (Some((ia, ka)), Some((ib, kb))) if ia == ib && ka != kb)
}

/// `text` with every edit's replacement (none overlapping but for the same one made twice) made.
fn splice_all(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    sorted.dedup_by(|a, b| a.span == b.span && a.text == b.text);
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.span.start as usize]);
        out.push_str(&e.text);
        at = e.span.end as usize;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::policy::Safety;

    #[test]
    fn edits_on_different_lines_are_spliced_together() {
        let text = "a = 1\nb = 2\nc = 3\n";
        let edit = |start, end, text: &str| Edit {
            finding: 0,
            safety: Safety::Safe,
            span: Span::new(start, end),
            text: text.into(),
        };
        assert!(apart(text, Span::new(0, 5), Span::new(12, 17)));
        assert!(apart(text, Span::new(0, 5), Span::new(6, 11)));
        // An insertion before a line and a change of that line touch; two insertions at one place
        // would depend on their order.
        assert!(!apart(text, Span::new(6, 6), Span::new(6, 11)));
        assert!(!apart(text, Span::new(6, 6), Span::new(6, 6)));
        assert!(!apart(text, Span::new(0, 7), Span::new(6, 11)));
        let edits = [edit(12, 17, "c = 4"), edit(0, 5, "a = 0\nz = 9"), edit(6, 11, "b = 3")];
        assert_eq!(splice_all(text, &edits), "a = 0\nz = 9\nb = 3\nc = 4\n");
    }

    #[test]
    fn insertions_of_different_keys_at_one_place_stack() {
        let insertion =
            |text: &str| Edit { finding: 0, safety: Safety::Safe, span: Span::new(9, 9), text: text.into() };
        let a = insertion("      KeyA: 1\n");
        assert!(stacked(&a, Span::new(9, 9), "      KeyB: 2\n"));
        // The same key (a mapping both would create), another mapping (another indentation), another
        // place, a replacement, a list item: one after the other.
        assert!(!stacked(&a, Span::new(9, 9), "      KeyA:\n        B: 2\n"));
        assert!(!stacked(&a, Span::new(9, 9), "        KeyB: 2\n"));
        assert!(!stacked(&a, Span::new(12, 12), "      KeyB: 2\n"));
        assert!(!stacked(&a, Span::new(9, 12), "      KeyB: 2\n"));
        assert!(!stacked(&insertion("      - a\n"), Span::new(9, 9), "      - b\n"));
    }
}
