//! Parsers: text to syntax trees that keep byte spans. A parse error never stops the scan of other files.

pub mod json;
pub mod terraform;
pub mod terraform_json;
pub mod yaml;

/// Parses a JSON or YAML file that may be a CloudFormation template. A `.yaml` or `.yml` file is
/// YAML whatever it starts with (flow style `{…}` and trailing commas are YAML, not JSON); another
/// file is JSON when it starts with `{`, else YAML.
///
/// # Errors
/// A syntax error, with the span where it was found.
pub fn template(file: &crate::source::SourceFile) -> Result<crate::value::Value, crate::diag::ParseError> {
    if template_is_yaml(&file.path, &file.text) { yaml::parse(file) } else { json::parse(file) }
}

/// Whether [`template`] reads a file as YAML: a `.yaml` or `.yml` name, or a text that does not
/// start as a JSON object.
#[must_use]
pub fn template_is_yaml(path: &std::path::Path, text: &str) -> bool {
    let yaml_name =
        path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    yaml_name || !text.trim_start().starts_with('{')
}
