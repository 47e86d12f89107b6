//! Mapping keys written twice. The parsers keep both and every reader takes the last, but
//! CloudFormation rejects such a template: the author should hear of it, at the second key.

use crate::collections::set_with_capacity;

use crate::source::Span;
use crate::value::{Kind, Value};

/// Mappings up to this many keys are checked without a hash set.
const SMALL: usize = 16;

/// Every repeated key in the template, as `(span of the repeat, message)`, in document order. The
/// logical ids of `Resources` are left out: they have a warning of their own.
pub(super) fn repeated_keys(template: &Value) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    // An explicit stack: the tree may be as deep as the parsers allow.
    let mut stack: Vec<(&Value, bool)> = vec![(template, true)];
    while let Some((value, top)) = stack.pop() {
        match &value.kind {
            Kind::Map(map) => {
                // Most mappings are small: a look back through them is cheaper than hashing.
                let mut seen = (map.len() > SMALL).then(|| set_with_capacity(map.len()));
                let mut before: Vec<&str> = Vec::with_capacity(if seen.is_some() { 0 } else { map.len() });
                for (key, child) in map.iter() {
                    let resources = top && key.name == "Resources";
                    let name = key.name.as_str();
                    let repeated = if let Some(seen) = &mut seen {
                        !seen.insert(name)
                    } else {
                        let repeated = before.contains(&name);
                        before.push(name);
                        repeated
                    };
                    if repeated && !resources {
                        out.push((
                            key.span,
                            format!("key `{}` is repeated in this mapping; CloudFormation rejects the template (the last one is used here)", key.name),
                        ));
                    }
                    if resources {
                        // Logical ids are checked by the evaluator; their bodies are walked here.
                        if let Kind::Map(entries) = &child.kind {
                            stack.extend(entries.iter().map(|(_, r)| (r, false)));
                        }
                    } else {
                        stack.push((child, false));
                    }
                }
            }
            Kind::List(items) => stack.extend(items.iter().map(|i| (i, false))),
            _ => {}
        }
    }
    out.sort_by_key(|(span, _)| span.start);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::eval::cloudformation::{Parameters, evaluate};
    use crate::source::SourceFile;

    #[test]
    fn repeated_keys_are_warned_at_the_repeat_and_the_last_one_counts() {
        let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: first\n      Tags: []\n      BucketName: second\n";
        let file = SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into());
        let doc = crate::parse::yaml::parse(&file).unwrap();
        let out = evaluate(0, &file, &doc, &Parameters::default());
        let mut warnings: Vec<(Option<usize>, &str)> =
            out.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        warnings.sort_unstable();
        let bucket = out.resources.iter().find(|r| r.address == "B").unwrap();
        assert_eq!(
            bucket.attrs.get("Properties").unwrap().get("BucketName").unwrap().as_str(),
            Some("second")
        );
        assert_eq!(
            warnings,
            [
                (Some(2), "resource B is declared again later; this declaration is ignored"),
                (
                    Some(9),
                    "key `BucketName` is repeated in this mapping; CloudFormation rejects the template (the last one is used here)"
                ),
            ]
        );
    }
}
