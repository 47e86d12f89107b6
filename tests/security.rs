//! The scanner's own security: it reads nothing outside the scan root, writes nothing but its
//! `--output` files, runs no process, opens no socket, and never prints a credential from a template.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use assert_cmd::Command;

/// Appears only in files outside the scan root; finding it in any output means the scan read them.
const MARKER: &str = "PALISADE-OUTSIDE-MARKER-7f3a9c";
/// AWS's documented example access key id.
const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `tmp/outside/…` holds the secrets, `tmp/root/…` is scanned, and every way out of the root is tried.
fn layout(tmp: &Path) -> PathBuf {
    let outside = tmp.join("outside");
    let root = tmp.join("root");
    write(&outside.join("secret.txt"), &format!("{MARKER}\n"));
    // Outside Terraform that would yield findings (and the marker, as a bucket name) if it were read.
    let bad_bucket = format!("resource \"aws_s3_bucket\" \"{MARKER}\" {{\n  bucket = \"{MARKER}\"\n}}\n");
    write(&outside.join("secret.tf"), &bad_bucket);
    write(&outside.join("module/main.tf"), &bad_bucket);
    write(&outside.join("module/variables.tf"), "variable \"name\" {}\n");
    write(&outside.join("secret.tfvars"), &format!("name = \"{MARKER}\"\n"));
    write(
        &outside.join("template.yaml"),
        &format!(
            "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  {}:\n    Type: AWS::S3::Bucket\n",
            "Marker"
        ),
    );
    write(
        &root.join("app/main.tf"),
        &format!(
            r#"variable "name" {{
  default = "app"
}}

module "escape" {{
  source = "../../outside/module"
  name   = var.name
}}

module "escape_more" {{
  source = "../../../../../../../../{}/outside/module"
}}

resource "aws_s3_bucket" "app" {{
  bucket = "${{var.name}}-${{file("../../outside/secret.txt")}}"
  tags   = {{ note = templatefile("../../outside/secret.txt", {{}}) }}
}}

resource "aws_lambda_function" "f" {{
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/r"
  environment {{
    variables = {{
      AWS_ACCESS_KEY_ID     = "{ACCESS_KEY}"
      AWS_SECRET_ACCESS_KEY = "{SECRET_KEY}"
    }}
  }}
}}
"#,
            tmp.display().to_string().trim_start_matches('/')
        ),
    );
    write(
        &root.join("cfn/lambda.yaml"),
        &format!(
            "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          AWS_ACCESS_KEY_ID: {ACCESS_KEY}\n          AWS_SECRET_ACCESS_KEY: {SECRET_KEY}\n  Bucket:\n    Type: AWS::S3::Bucket # {ACCESS_KEY}\n"
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(outside.join("secret.tf"), root.join("app/link.tf")).unwrap();
        symlink(outside.join("template.yaml"), root.join("cfn/link.yaml")).unwrap();
        symlink(&outside, root.join("outside-dir")).unwrap();
        symlink(outside.join("secret.txt"), root.join("app/secret.txt")).unwrap();
    }
    root
}

/// Every file and directory under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        out.insert(path.clone(), (meta.len(), meta.modified().ok()));
        if meta.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        }
    }
    out
}

#[test]
fn nothing_outside_the_root_is_read_or_echoed_and_only_outputs_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    let root = layout(tmp.path());
    let out_dir = tempfile::tempdir().unwrap();
    let before = snapshot(tmp.path());

    let outputs: Vec<PathBuf> =
        ["out.txt", "out.json", "out.sarif"].iter().map(|n| out_dir.path().join(n)).collect();
    let run = Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(&root)
        .args(["scan", ".", "--no-color", "--show-unknown"])
        .args(["--format", "text", "--output"])
        .arg(&outputs[0])
        .args(["--format", "json", "--output"])
        .arg(&outputs[1])
        .args(["--format", "sarif", "--output"])
        .arg(&outputs[2])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
    // Text on standard output too, since that is where most people read it.
    let stdout_run = Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(&root)
        .args(["scan", ".", "--no-color"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();

    let after = snapshot(tmp.path());
    assert_eq!(before, after, "the scan changed files it was not asked to write");

    let mut texts: Vec<(String, String)> =
        outputs.iter().map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap())).collect();
    texts.push(("stderr".into(), String::from_utf8_lossy(&run.stderr).into_owned()));
    texts.push(("stdout".into(), String::from_utf8_lossy(&stdout_run.stdout).into_owned()));
    texts.push(("stdout stderr".into(), String::from_utf8_lossy(&stdout_run.stderr).into_owned()));
    for (name, text) in &texts {
        assert!(!text.contains(MARKER), "{name} echoes a file from outside the root:\n{text}");
        assert!(!text.contains(ACCESS_KEY), "{name} prints an access key:\n{text}");
        assert!(!text.contains(SECRET_KEY), "{name} prints a secret key:\n{text}");
    }
    let text = &texts[0].1;
    // The scan did run: the in-root bucket is reported, the escapes are explained.
    assert!(text.contains("AWS-S3-002") && text.contains("aws_s3_bucket.app"), "{text}");
    assert!(text.contains("symlink points outside the scan root"), "{text}");
    assert!(text.contains("is outside the repository root; not read"), "{text}");
    for (name, text) in &texts {
        // The paths the pull request wrote (module sources) may be quoted; files behind them not. (A
        // `--var-file` is the user's own choice, read wherever it is: tests/roots.rs.)
        for outside in ["outside/module/main.tf", "outside/template.yaml", "outside/secret.tf\""] {
            assert!(!text.contains(outside), "{name} names {outside}:\n{text}");
        }
    }
}

#[test]
fn a_single_file_scan_does_not_read_its_siblings_modules() {
    let tmp = tempfile::tempdir().unwrap();
    let root = layout(tmp.path());
    let run = Command::cargo_bin("palisade")
        .unwrap()
        .current_dir(&root)
        .args(["scan", "app/main.tf", "--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("aws_s3_bucket.app"), "{out}");
    assert!(!out.contains(MARKER) && !out.contains(ACCESS_KEY) && !out.contains(SECRET_KEY), "{out}");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The non-test code of a source file: comment lines dropped, and everything from a
/// `#[cfg(test)] mod name {` on (test modules close their files, by convention of this crate).
/// Files declared as `#[cfg(test)] mod name;` are listed in `test_files`.
fn production_lines(path: &Path, test_files: &mut Vec<PathBuf>) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line == "#[cfg(test)]" {
            // Other attributes (`#[allow(...)]`) may sit between the cfg and the module.
            let mut j = i + 1;
            while lines.get(j).is_some_and(|l| l.trim().starts_with("#[")) {
                j += 1;
            }
            let next = lines.get(j).map_or("", |l| l.trim());
            if let Some(name) = next.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
                let dir = if path.file_name().is_some_and(|n| n == "mod.rs" || n == "lib.rs") {
                    path.parent().unwrap().to_path_buf()
                } else {
                    path.with_extension("")
                };
                test_files.push(dir.join(format!("{name}.rs")));
                i = j + 1;
                continue;
            }
            if next.starts_with("mod ") && next.ends_with('{') {
                break;
            }
        }
        if !line.starts_with("//") {
            out.push((i + 1, lines[i].to_string()));
        }
        i += 1;
    }
    out
}

#[test]
fn no_unsafe_unwrap_expect_panic_process_or_socket_outside_tests() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut test_files = Vec::new();
    let scanned: Vec<(PathBuf, Vec<(usize, String)>)> =
        files.iter().map(|f| (f.clone(), production_lines(f, &mut test_files))).collect();
    let forbidden = [
        "unsafe ",
        ".unwrap()",
        ".expect(",
        "panic!(",
        "unreachable!(",
        "todo!(",
        "unimplemented!(",
        "process::Command",
        "Command::new",
        "TcpStream",
        "TcpListener",
        "UdpSocket",
        "ToSocketAddrs",
    ];
    let mut hits = Vec::new();
    // The diff mode is the one place allowed to run a process: `git`, with arguments that are never
    // passed through a shell.
    let may_run_git = src.join("diff").join("git.rs");
    for (file, lines) in scanned.iter().filter(|(f, _)| !test_files.contains(f)) {
        for (n, line) in lines {
            for word in forbidden.iter().filter(|w| line.contains(*w)) {
                if *file == may_run_git && word.contains("Command") {
                    continue;
                }
                hits.push(format!("{}:{n}: `{word}` in {}", file.display(), line.trim()));
            }
        }
    }
    assert!(test_files.len() >= 3, "test module files not recognised: {test_files:?}");
    assert!(hits.is_empty(), "forbidden in production code:\n{}", hits.join("\n"));

    // The lints that back this scan up at compile time must stay in place.
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for lint in
        ["unsafe_code = \"forbid\"", "unwrap_used = \"deny\"", "expect_used = \"deny\"", "panic = \"deny\""]
    {
        assert!(manifest.contains(lint), "Cargo.toml lost `{lint}`");
    }
}

/// No HTTP client, TLS stack or async runtime is linked (the lock file also lists dev-dependencies,
/// so this is stricter than the shipped binary needs).
#[test]
fn no_networking_crates() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let names: Vec<&str> =
        lock.lines().filter_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"')).collect();
    let networking = [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "attohttpc",
        "tokio",
        "async-std",
        "mio",
        "rustls",
        "native-tls",
        "openssl",
        "h2",
        "socket2",
    ];
    let found: Vec<&&str> = names.iter().filter(|n| networking.contains(n)).collect();
    assert!(found.is_empty(), "networking crates in Cargo.lock: {found:?}");
}
