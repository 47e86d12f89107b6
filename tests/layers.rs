//! The modules' imports point down the layers docs/architecture.md draws: a stage never depends on
//! the pipeline that runs it or on the stages after it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module's layer, lowest first; a module may use only modules of a lower layer.
const LAYERS: &[(&str, u32)] = &[
    ("collections", 0),
    ("source", 0),
    ("repo", 1),
    ("escape", 2),
    ("diag", 3),
    ("value", 4),
    ("model", 5),
    ("parse", 6),
    ("discover", 7),
    ("eval", 8),
    ("graph", 9),
    ("plan", 9),
    ("policy", 10),
    ("scan", 11),
    ("fix", 12),
    ("diff", 13),
    ("suppress", 13),
    ("report", 13),
    ("config", 14),
    ("docs", 14),
    ("app", 15),
    ("init", 16),
    ("cli", 16),
];

fn layer(module: &str) -> u32 {
    LAYERS.iter().find(|(m, _)| *m == module).unwrap_or_else(|| panic!("src/{module}: add it to LAYERS")).1
}

/// `crate::x` paths used in a module's file or directory, comments left out (a doc link may point
/// anywhere).
fn uses(path: &Path, module: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            uses(&entry.unwrap().path(), module, out);
        }
        return;
    }
    if path.extension().is_none_or(|e| e != "rs") {
        return;
    }
    let text = std::fs::read_to_string(path).unwrap();
    for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let used: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !used.is_empty() && used != module {
                out.entry(module.to_string()).or_default().insert(used);
            }
        }
    }
}

#[test]
fn imports_point_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut deps = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if !matches!(name.as_str(), "lib" | "main") {
            uses(&path, &name, &mut deps);
        }
    }
    assert!(deps.get("report").is_some_and(|d| d.contains("scan")), "the test reads the imports: {deps:?}");
    let upward: Vec<String> = deps
        .iter()
        .flat_map(|(from, to)| to.iter().map(move |t| (from, t)))
        .filter(|(from, to)| layer(to) >= layer(from))
        .map(|(from, to)| format!("{from} -> {to}"))
        .collect();
    assert!(upward.is_empty(), "imports against the layers: {upward:?}");
}
