//! The built-in policies are embedded in the binary. Each YAML file under `policies/` is embedded
//! as the JSON of its document, which is what a scan reads: parsing the catalogue's YAML was about a
//! twentieth of a scan's instructions, and JSON parses several times faster. Scalars keep how they
//! were written (a plain scalar is `"p<text>"`, any other `"s<text>"`), so that the scanner resolves
//! them exactly as its YAML parser does (`policy::format::load_json`); a test checks every file
//! reads the same either way. Aliases are expanded; a tag, which no policy uses, stops the build.

use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value};

fn main() {
    println!("cargo:rerun-if-changed=policies");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("policies");
    let _ = std::fs::remove_dir_all(&out);
    if let Err(e) = convert_dir(Path::new("policies"), &out) {
        println!("cargo::error={e}");
    }
}

fn convert_dir(dir: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap_or_default();
        if path.is_dir() {
            convert_dir(&path, &out.join(name))?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let json = convert(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut target = out.join(name).into_os_string();
            target.push(".json");
            std::fs::write(&target, json.to_string()).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

enum Frame {
    List(Vec<Value>, usize),
    Map(Map<String, Value>, Option<String>, usize),
}

/// The first document of `text`, aliases expanded.
fn convert(text: &str) -> Result<Value, String> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: std::collections::HashMap<usize, Value> = std::collections::HashMap::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, _) = event.map_err(|e| e.to_string())?;
        let (value, anchor) = match event {
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => {
                return Err("tags are not supported in built-in policies".into());
            }
            Event::Scalar(value, style, anchor, None) => {
                let prefix = if style == ScalarStyle::Plain { 'p' } else { 's' };
                (Value::String(format!("{prefix}{value}")), anchor)
            }
            Event::SequenceStart(anchor, None) => {
                stack.push(Frame::List(Vec::new(), anchor));
                continue;
            }
            Event::MappingStart(anchor, None) => {
                stack.push(Frame::Map(Map::new(), None, anchor));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::List(items, anchor)) => (Value::Array(items), anchor),
                Some(Frame::Map(map, _, anchor)) => (Value::Object(map), anchor),
                None => return Err("unbalanced document".into()),
            },
            Event::Alias(id) => (anchors.get(&id).cloned().ok_or("an alias of no anchor")?, 0),
            Event::StreamEnd => break,
            _ => continue,
        };
        if anchor != 0 {
            anchors.insert(anchor, value.clone());
        }
        if let Some(document) = push(&mut stack, value) {
            return Ok(document);
        }
    }
    Ok(Value::Null)
}

/// Puts a finished node in its parent; the document when it has none. A key is kept as written,
/// without its prefix.
fn push(stack: &mut [Frame], value: Value) -> Option<Value> {
    match stack.last_mut() {
        None => Some(value),
        Some(Frame::List(items, _)) => {
            items.push(value);
            None
        }
        Some(Frame::Map(map, key, _)) => {
            if let Some(k) = key.take() {
                // A repeated key: the last one wins, as in the scanner's parser.
                map.shift_remove(&k);
                map.insert(k, value);
            } else {
                let text = value.as_str().map_or_else(|| value.to_string(), |s| s[1..].to_string());
                *key = Some(text);
            }
            None
        }
    }
}
