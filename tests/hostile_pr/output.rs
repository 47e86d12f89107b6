//! What is printed: no value read from the scanned files reaches any output raw. Secrets read into
//! keys and reasons are masked, long keys are capped, control and bidi characters from names, keys
//! and lines never reach the log or the terminal, no line starts a workflow command but Palisade's
//! own annotations, and the markdown summary cannot be made to show an image, a link or a mention.

use std::collections::BTreeSet;

use crate::common::{ACCESS_KEY, Repo, Run, TOKEN};

/// The start of `base64("x-access-token:…")`, the value actions/checkout writes into `.git/config`.
const CHECKOUT_HEADER_START: &str = "eC1hY2Nlc3MtdG9rZW46";

/// Characters that must not reach a terminal or a log as themselves: C0 but the line break, DEL, C1,
/// bidirectional controls and line separators. Written out here rather than taken from the crate, so
/// the test does not trust what it tests.
fn hostile(c: char) -> bool {
    (c < ' ' && c != '\n')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{2028}' | '\u{2029}')
}

/// Every output of a run by name: standard output, standard error and each report.
fn outputs(run: &Run) -> Vec<(String, String)> {
    let mut all = vec![("stdout".to_string(), run.stdout()), ("stderr".to_string(), run.stderr())];
    all.extend(run.reports.iter().map(|(f, t)| ((*f).to_string(), t.clone())));
    all
}

/// No raw control or bidi character anywhere, and no line that the runner would read as a workflow
/// command except the GitHub report's own annotations, one per finding and diagnostic, each with an
/// intact property list.
fn assert_log_is_not_blinded(run: &Run) {
    for (name, text) in outputs(run) {
        if let Some(c) = text.chars().find(|&c| hostile(c)) {
            panic!("{c:?} reached {name} raw:\n{text}");
        }
        if name == "github" {
            continue;
        }
        for line in text.lines() {
            assert!(!line.trim_start().starts_with("::"), "{name} starts a workflow command: {line}");
        }
    }
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    let expected = json["summary"]["findings"].as_u64().unwrap() as usize
        + json["diagnostics"].as_array().unwrap().len();
    let annotations: Vec<&str> = run.report("github").lines().collect();
    assert_eq!(annotations.len(), expected, "{}", run.report("github"));
    for line in annotations {
        let rest = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|c| line.strip_prefix(c))
            .unwrap_or_else(|| panic!("not an annotation: {line}"));
        // Property values escape `:` and `,`, so the first `::` ends the property list.
        let (properties, _) = rest.split_once("::").unwrap();
        let names: Vec<&str> = properties.split(',').map(|p| p.split('=').next().unwrap()).collect();
        assert!(names.ends_with(&["title"]) && names[0] == "file", "{line}");
    }
}

/// A pull request reads a file holding what a runner holds (the token, an access key, checkout's
/// authorization header, a URL with credentials) and makes every line a `for_each` key, and feeds
/// the access key to `cidrhost`, whose error echoes its argument. No output, `--show-unknown`
/// included, prints any of them; the keys print masked, capped and distinct.
#[test]
fn secrets_read_into_keys_and_reasons_are_masked_everywhere() {
    let repo = Repo::new();
    repo.write("main.tf", "").commit_base();
    repo.write("ci.txt", format!("{TOKEN}\n{ACCESS_KEY}\nhttps://x-access-token:{TOKEN}@github.com/o/r\n"))
        .write(
            "main.tf",
            r#"locals {
  lines  = split("\n", trimspace(file("ci.txt")))
  header = "AUTHORIZATION: basic ${base64encode("x-access-token:${local.lines[0]}")}"
}

resource "aws_s3_bucket" "b" {
  for_each = toset(concat(local.lines, [local.header]))
  bucket   = "b"
}

resource "aws_security_group" "sg" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [cidrhost(local.lines[1], 1)]
  }
}
"#,
        )
        .commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002,AWS-EC2-001", "--show-unknown"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(run.findings(), ["AWS-S3-002 main.tf:6"]);
    for canary in [TOKEN, ACCESS_KEY, CHECKOUT_HEADER_START, "x-access-token:"] {
        run.assert_absent(canary);
    }
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    let addresses: Vec<&str> = json["findings"][0]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["address"].as_str().unwrap())
        .collect();
    let shape = regex::Regex::new(r#"^aws_s3_bucket\.b\["([^"]{1,64})…[0-9a-f]{8}"\]$"#).unwrap();
    let prefixes: Vec<&str> = addresses
        .iter()
        .map(|a| shape.captures(a).unwrap_or_else(|| panic!("{a}")).get(1).unwrap().as_str())
        .collect();
    assert_eq!(
        prefixes,
        [
            "*".repeat(TOKEN.len()),
            "*".repeat(ACCESS_KEY.len()),
            format!("AUTHORIZATION: basic {}", "*".repeat(64 - 21)),
            format!("https://{}", "*".repeat(64 - 8)),
        ]
    );
    assert_eq!(addresses.iter().collect::<BTreeSet<_>>().len(), 4, "keys stay distinct");
    // The reason cidrhost gave, masked, in the JSON report and on standard error.
    let masked = r#""********************…"#;
    let reason = json["unknowns"][0]["reason"].as_str().unwrap();
    assert!(reason.starts_with(r"ingress source is unknown: function cidrhost: "), "{reason}");
    assert!(reason.contains(masked) && reason.ends_with(r#"" is not a CIDR prefix"#), "{reason}");
    assert_eq!(json["unknowns"][0]["resource"], "aws_security_group.sg");
    assert!(
        run.stderr().contains(&format!("unknown: AWS-EC2-001 aws_security_group.sg (main.tf): {reason}\n")),
        "{}",
        run.stderr()
    );
    let junit = r"function cidrhost: &quot;********************…";
    assert!(run.report("junit").contains(junit), "{}", run.report("junit"));
    assert_log_is_not_blinded(&run);
}

/// A 10 kB key prints as 64 characters and a hash, and a key holding `[`, `"` and `\` keeps its
/// address parseable: references to both instances still resolve (their versioning is found), and
/// only the bucket without versioning is reported.
#[test]
fn a_long_key_is_capped_and_references_still_resolve() {
    let repo = Repo::new();
    repo.write("main.tf", "").commit_base();
    let long = "k".repeat(10 * 1024);
    repo.write("keys.txt", format!("{long}\na[\"b]\\\n"))
        .write(
            "main.tf",
            r#"locals {
  keys = toset(split("\n", trimspace(file("keys.txt"))))
}

resource "aws_s3_bucket" "b" {
  for_each = local.keys
  bucket   = "b-${md5(each.key)}"
}

resource "aws_s3_bucket_versioning" "b" {
  for_each = local.keys
  bucket   = aws_s3_bucket.b[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "c" {
  for_each = local.keys
  bucket   = "c-${md5(each.key)}"
}
"#,
        )
        .commit_pr();
    let run = repo.scan(&["--diff-base", "base", "--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(run.findings(), ["AWS-S3-002 main.tf:18"]);
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    let addresses: Vec<&str> = json["findings"][0]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses.len(), 2);
    assert_eq!(addresses[0], r#"aws_s3_bucket.c["a[\"b]\\"]"#);
    let capped = regex::Regex::new(r#"^aws_s3_bucket\.c\["k{64}…[0-9a-f]{8}"\]$"#).unwrap();
    assert!(capped.is_match(addresses[1]), "{}", addresses[1]);
    for (name, text) in outputs(&run) {
        assert!(!text.contains(&"k".repeat(65)), "the long key reached {name}");
    }
}

/// The text of the hostile names, as every report prints it.
const ESCAPED: &str = r"\n::stop-commands::x\u{1b}[2J\u{9b}\u{202e}\r\u{7}";

/// Names that would start a workflow command, drive the terminal or reverse the text: a
/// CloudFormation logical id (JSON and YAML), a `.tf.json` resource name, a file name, and a file
/// that does not parse. Every output prints them escaped, and the annotations stay one per line.
#[test]
fn control_characters_in_names_do_not_blind_the_log() {
    let evil = "\n::stop-commands::x\u{1b}[2J\u{9b}\u{202e}\r\u{7}";
    let repo = Repo::new();
    repo.write("README.md", "").commit_base();
    let json_name = serde_json::to_string(&format!("Logs{evil}")).unwrap();
    repo.write("cfn.json", format!("{{\"Resources\": {{\n  {json_name}: {{\"Type\": \"AWS::S3::Bucket\"}}\n}}}}\n"))
        // YAML escapes in a double-quoted key, and a raw override in a plain one.
        .write(
            "cfn.yaml",
            "Resources:\n  \"Data\\n::stop-commands::y\\e[8m\\x9b\":\n    Type: AWS::S3::Bucket\n  Back\u{202e}Up:\n    Type: AWS::S3::Bucket\n",
        )
        .write(
            "res.tf.json",
            format!(
                "{{\"resource\": {{\"aws_s3_bucket\": {{\n  {}: {{\"bucket\": \"x\"}}\n}}}}}}\n",
                serde_json::to_string(&format!("b{evil}")).unwrap()
            ),
        )
        .write(&format!("evil{evil}.tf"), "resource \"aws_s3_bucket\" \"f\" {\n  bucket = \"f\"\n}\n")
        .write(&format!("broken{evil}.tf"), "resource \"aws_s3_bucket\" \"g\" {\n  bucket = \"\u{1b}[2J\n")
        .commit_pr();
    // The whole tree: what is printed is the subject, not the diff's scope.
    let run = repo.scan(&["--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(
        run.findings(),
        [
            "AWS-S3-002 cfn.json:2".to_string(),
            "AWS-S3-002 cfn.yaml:2".to_string(),
            "AWS-S3-002 cfn.yaml:4".to_string(),
            format!("AWS-S3-002 evil{ESCAPED}.tf:1"),
            "AWS-S3-002 res.tf.json:2".to_string(),
        ]
    );
    assert_log_is_not_blinded(&run);
    let github = run.report("github");
    for address in [
        format!("(Logs{ESCAPED}) [low]"),
        r"(Data\n::stop-commands::y\u{1b}[8m\u{9b}) [low]".to_string(),
        r"(Back\u{202e}Up) [low]".to_string(),
        format!("(aws_s3_bucket.b{ESCAPED}) [low]"),
    ] {
        assert!(github.contains(&address), "{address} in\n{github}");
    }
    assert!(
        github.contains(r"file=evil\n%3A%3Astop-commands%3A%3Ax\u{1b}[2J\u{9b}\u{202e}\r\u{7}.tf,line=1,")
    );
    let json: serde_json::Value = serde_json::from_str(run.report("json")).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], format!("broken{ESCAPED}.tf"));
    // The snippet of the YAML line shows the override escaped, not applied.
    assert!(run.stdout().contains("4 |   Back\\u{202e}Up:\n"), "{}", run.stdout());
}

/// Removes code spans (a run of backticks to the next run of the same length) and `<code>` elements:
/// what remains is read as Markdown.
fn outside_code(markdown: &str) -> String {
    let mut out = String::new();
    let mut rest = markdown;
    while let Some(at) = rest.find(['`', '<']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(inner) = rest.strip_prefix("<code>") {
            let end = inner.find("</code>").expect("closed <code>");
            rest = &inner[end + "</code>".len()..];
        } else if rest.starts_with('<') {
            out.push('<');
            rest = &rest[1..];
        } else {
            let n = rest.len() - rest.trim_start_matches('`').len();
            let fence = "`".repeat(n);
            let inner = &rest[n..];
            let mut search = 0;
            let end = loop {
                let i = search + inner[search..].find(&fence).expect("closed code span");
                let after = inner[i + n..].chars().next();
                let before = inner[..i].chars().last();
                if after != Some('`') && before != Some('`') {
                    break i;
                }
                search = i + inner[i..].len() - inner[i..].trim_start_matches('`').len();
            };
            rest = &inner[end + n..];
        }
    }
    out.push_str(rest);
    out
}

/// Cells of a table row as GitHub splits them: at each `|` not taken by a backslash escape.
fn cells(row: &str) -> usize {
    let (mut pipes, mut chars) = (0, row.chars());
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => pipes += 1,
            _ => {}
        }
    }
    pipes - 1
}

/// File names and keys written to inject Markdown into the pull request's summary: an image, a
/// link, a team mention, raw HTML, a table break, code spans and emphasis. In the report they are
/// all inside code, and the table keeps four cells a row.
#[test]
fn markdown_injection_in_names_and_keys_is_neutralised() {
    let repo = Repo::new();
    repo.write("README.md", "").commit_base();
    let resource = |name: &str, keys: &[&str]| {
        let list = keys.iter().map(|k| serde_json::to_string(k).unwrap()).collect::<Vec<_>>().join(", ");
        format!(
            "resource \"aws_s3_bucket\" \"{name}\" {{\n  for_each = toset([{list}])\n  bucket   = each.key\n}}\n"
        )
    };
    let first = resource("b", &["![x](http://e/)", "@org/team", "<img src=x onerror=alert(1)>"]);
    let second = resource("c", &["a|b\\|c", "`x` **b** _i_ [l](http://e/)"]);
    repo.write("main.tf", format!("{first}\n{second}"))
        .write("@org/team.tf", "resource \"aws_s3_bucket\" \"t\" {\n  bucket = \"t\"\n}\n")
        .write("![x](y) <img src=x> a|b\\`c`.tf", "resource \"aws_s3_bucket\" \"i\" {\n  bucket = \"i\"\n}\n")
        .commit_pr();
    let run = repo.scan(&["--only", "AWS-S3-002"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr());
    assert_eq!(
        run.findings(),
        [
            "AWS-S3-002 ![x](y) <img src=x> a|b\\`c`.tf:1",
            "AWS-S3-002 @org/team.tf:1",
            "AWS-S3-002 main.tf:1",
            "AWS-S3-002 main.tf:6"
        ]
    );
    let markdown = run.report("markdown");
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| low | AWS-S3-002 |")).collect();
    assert_eq!(rows.len(), 4, "{markdown}");
    for row in &rows {
        assert_eq!(cells(row), 4, "{row}");
    }
    assert_eq!(
        rows[3],
        r#"| low | AWS-S3-002 | ``aws_s3_bucket.c["`x` **b** _i_ [l](http://e/)"]``, `aws_s3_bucket.c["a\|b\\\\\|c"]` | [`main.tf#L6`](main.tf#L6) |"#
    );
    let prose = outside_code(markdown);
    for injected in ["![", "@org", "<img", "**b**", "_i_", "[l]", "http://e/"] {
        assert!(!prose.contains(injected), "`{injected}` outside code:\n{prose}");
    }
    // The only links left are Palisade's own, to percent-encoded paths.
    let link = regex::Regex::new(r"\]\(([^)]*)\)").unwrap();
    let targets: Vec<&str> = link.captures_iter(&prose).map(|c| c.get(1).unwrap().as_str()).collect();
    assert_eq!(
        targets,
        [
            "%21%5Bx%5D%28y%29%20%3Cimg%20src%3Dx%3E%20a%7Cb%5C%60c%60.tf#L1",
            "%40org/team.tf#L1",
            "main.tf#L1",
            "main.tf#L6"
        ]
    );
    assert_log_is_not_blinded(&run);
}
