//! Which JSON and YAML files are CloudFormation templates, judged on the text: a file that fails to
//! parse has no document to ask, yet a broken template must be an error, not a file skipped in silence.
//!
//! A file is taken for a template when it names `AWSTemplateFormatVersion`, or when it has a
//! top-level `Resources` key together with a resource type of CloudFormation's namespaces (`AWS::`,
//! `Alexa::`, `Custom::`) or a top-level `Transform`. Top-level means a line that starts with the key
//! in YAML, or a key at the first nesting level of a JSON object. `package.json`, Kubernetes
//! manifests, workflow files and OpenAPI specifications have no such key, and Serverless Framework's
//! `resources:` is lower case with its `Resources` nested below it.

/// Whether `text` looks like a template (see the module docs). `yaml` is whether its name says YAML.
#[must_use]
pub fn looks_like_template(text: &str, yaml: bool) -> bool {
    if text.contains("AWSTemplateFormatVersion") {
        return true;
    }
    if !text.contains("Resources") {
        return false;
    }
    let keys = if !yaml && text.trim_start().starts_with('{') { json_keys(text) } else { yaml_keys(text) };
    keys.resources
        && (keys.transform
            || ["AWS::", "Alexa::", "Custom::"].iter().any(|namespace| text.contains(namespace)))
}

#[derive(Default)]
struct TopKeys {
    resources: bool,
    transform: bool,
}

impl TopKeys {
    fn see(&mut self, key: &str) {
        match key {
            "Resources" => self.resources = true,
            "Transform" => self.transform = true,
            _ => {}
        }
    }
}

/// Keys at the start of a line, plain or quoted.
fn yaml_keys(text: &str) -> TopKeys {
    let mut keys = TopKeys::default();
    for line in text.lines() {
        let (key, rest) = match line.as_bytes().first() {
            Some(&quote @ (b'"' | b'\'')) => {
                let inner = &line[1..];
                let Some(end) = inner.find(char::from(quote)) else { continue };
                (&inner[..end], &inner[end + 1..])
            }
            _ => match line.find(':') {
                Some(end) => (&line[..end], &line[end..]),
                None => continue,
            },
        };
        if rest.trim_start().starts_with(':') {
            keys.see(key.trim_end());
        }
    }
    keys
}

/// Keys of the outermost JSON object, found by a scan that tolerates broken syntax: strings are
/// skipped with their escapes, and nesting is counted over braces and brackets.
fn json_keys(text: &str) -> TopKeys {
    let mut keys = TopKeys::default();
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(bytes.len());
                if depth == 1 {
                    let after = text.get(end + 1..).unwrap_or_default();
                    if after.trim_start().starts_with(':') {
                        keys.see(text.get(start..end).unwrap_or_default());
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::looks_like_template;

    #[test]
    fn templates_are_recognised_broken_or_not() {
        let broken = r#"{"Resources":{"B":{"Type":"AWS::RDS::DBInstance","Properties":{"PubliclyAccessible":true,}}}}"#;
        assert!(looks_like_template(broken, false));
        assert!(looks_like_template("Resources:\n  B:\n    Type: AWS::S3::Bucket\n   bad: [\n", true));
        assert!(looks_like_template("\"Resources\" :\n  B:\n    Type: Custom::Thing\n", true));
        assert!(looks_like_template("Transform: AWS::Serverless-2016-10-31\nResources:\n  F: {\n", true));
        assert!(looks_like_template("Transform: Mine\nResources:\n  F:\n    Type: My::Own\n", true));
        assert!(looks_like_template("{\"Transform\": \"X\", \"Resources\": {\"a\\\"\": [}", false));
        assert!(looks_like_template("AWSTemplateFormatVersion: 2010-09-09\n", true));
    }

    #[test]
    fn other_json_and_yaml_are_not_templates() {
        let package = r#"{"name": "x", "dependencies": {"Resources": "1.0", "aws-sdk": "AWS::x"}}"#;
        let kubernetes =
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - resources:\n        limits: {}\n";
        let workflow =
            "on: push\njobs:\n  Resources:\n    runs-on: ubuntu\n    steps:\n      - run: echo AWS::S3\n";
        let openapi = "openapi: 3.0.0\npaths:\n  /Resources:\n    get:\n      description: AWS::X\n";
        let serverless = "service: s\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n";
        let no_type = "Resources:\n  cpu: 2\n";
        for (text, yaml) in [
            (package, false),
            (kubernetes, true),
            (workflow, true),
            (openapi, true),
            (serverless, true),
            (no_type, true),
        ] {
            assert!(!looks_like_template(text, yaml), "{text}");
        }
    }
}
