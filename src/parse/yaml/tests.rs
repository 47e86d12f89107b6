#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;

use super::*;
use crate::source::LineCol;

fn file(text: &str) -> SourceFile {
    SourceFile::new("t.yaml".into(), "t.yaml".into(), text.into())
}

fn parse_str(text: &str) -> Value {
    parse(&file(text)).unwrap()
}

fn text_of(f: &SourceFile, span: Span) -> &str {
    &f.text[span.range()]
}

fn json(v: &Value) -> String {
    v.to_json().to_string()
}

#[test]
fn short_tags_become_long_forms() {
    let doc = parse_str(
        "a: !Ref Vpc\n\
         b: !Condition IsProd\n\
         c: !GetAtt Bucket.Arn\n\
         d: !GetAtt [Db, Endpoint.Address]\n\
         e: !GetAtt Db.Endpoint.Address\n\
         f: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}'\n\
         g: !If [IsProd, 1, 2]\n\
         h: !Join ['', [a, b]]\n\
         i: !Select [0, !GetAZs '']\n\
         j: !Split [',', 'a,b']\n\
         k: !FindInMap [M, !Ref AWS::Region, Ami]\n\
         l: !Base64 hello\n\
         m: !Cidr [10.0.0.0/16, 4, 8]\n\
         n: !ImportValue Shared\n\
         o: !Equals [a, b]\n\
         p: !And [!Condition A, !Not [!Condition B]]\n\
         q: !Or [!Condition A, !Condition B]\n\
         r: !Transform {Name: X}\n\
         s: !Length [1, 2]\n\
         t: !ToJsonString {a: 1}\n\
         u: !Rain::Module thing\n",
    );
    let get = |k: &str| json(doc.get(k).unwrap());
    assert_eq!(get("a"), r#"{"Ref":"Vpc"}"#);
    assert_eq!(get("b"), r#"{"Condition":"IsProd"}"#);
    assert_eq!(get("c"), r#"{"Fn::GetAtt":["Bucket","Arn"]}"#);
    assert_eq!(get("d"), r#"{"Fn::GetAtt":["Db","Endpoint.Address"]}"#);
    assert_eq!(get("e"), r#"{"Fn::GetAtt":["Db","Endpoint.Address"]}"#);
    assert_eq!(get("f"), r#"{"Fn::Sub":"arn:${AWS::Partition}:s3:::${Bucket}"}"#);
    assert_eq!(get("g"), r#"{"Fn::If":["IsProd",1.0,2.0]}"#);
    assert_eq!(get("h"), r#"{"Fn::Join":["",["a","b"]]}"#);
    assert_eq!(get("i"), r#"{"Fn::Select":[0.0,{"Fn::GetAZs":""}]}"#);
    assert_eq!(get("j"), r#"{"Fn::Split":[",","a,b"]}"#);
    assert_eq!(get("k"), r#"{"Fn::FindInMap":["M",{"Ref":"AWS::Region"},"Ami"]}"#);
    assert_eq!(get("l"), r#"{"Fn::Base64":"hello"}"#);
    assert_eq!(get("m"), r#"{"Fn::Cidr":["10.0.0.0/16",4.0,8.0]}"#);
    assert_eq!(get("n"), r#"{"Fn::ImportValue":"Shared"}"#);
    assert_eq!(get("o"), r#"{"Fn::Equals":["a","b"]}"#);
    assert_eq!(get("p"), r#"{"Fn::And":[{"Condition":"A"},{"Fn::Not":[{"Condition":"B"}]}]}"#);
    assert_eq!(get("q"), r#"{"Fn::Or":[{"Condition":"A"},{"Condition":"B"}]}"#);
    assert_eq!(get("r"), r#"{"Fn::Transform":{"Name":"X"}}"#);
    assert_eq!(get("s"), r#"{"Fn::Length":[1.0,2.0]}"#);
    assert_eq!(get("t"), r#"{"Fn::ToJsonString":{"a":1.0}}"#);
    assert_eq!(get("u"), r#""thing""#);
}

#[test]
fn tag_spans_point_at_the_tag_and_the_value() {
    let f = file("Value: !GetAtt Bucket.Arn\nList: !If\n  - C\n  - x\n");
    let doc = parse(&f).unwrap();
    let get_att = doc.get("Value").unwrap();
    assert_eq!(text_of(&f, get_att.span), "!GetAtt Bucket.Arn");
    let (key, args) = get_att.as_map().unwrap().iter().next().unwrap();
    assert_eq!(text_of(&f, key.span), "!GetAtt");
    let args = args.as_list().unwrap();
    assert_eq!(text_of(&f, args[0].span), "Bucket");
    assert_eq!(text_of(&f, args[1].span), "Arn");
    let fn_if = doc.get("List").unwrap();
    assert_eq!(text_of(&f, fn_if.span), "!If\n  - C\n  - x");
    assert_eq!(text_of(&f, fn_if.get("Fn::If").unwrap().span), "- C\n  - x");
}

#[test]
fn spans_are_bytes_even_after_non_ascii_text() {
    let f = file(
        "\u{feff}Resources:\n  # Zugriff f\u{fc}r \u{e9}quipe \u{1f512}\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: d\u{e9}j\u{e0}-vu\n      Tags: [{Key: k, Value: \"\u{fc}\"}]\n",
    );
    let doc = parse(&f).unwrap();
    let resources = doc.get("Resources").unwrap().as_map().unwrap();
    let (key, bucket) = resources.iter().next().unwrap();
    assert_eq!(key.name, "Bucket");
    assert_eq!(f.line_col(key.span.start as usize), LineCol { line: 3, column: 3 });
    let (name_key, name) = bucket.get("Properties").unwrap().as_map().unwrap().entry("BucketName").unwrap();
    assert_eq!(f.line_col(name_key.span.start as usize), LineCol { line: 6, column: 7 });
    assert_eq!(name.as_str(), Some("d\u{e9}j\u{e0}-vu"));
    assert_eq!(text_of(&f, name.span), "d\u{e9}j\u{e0}-vu");
    let tags = bucket.get("Properties").unwrap().get("Tags").unwrap();
    assert_eq!(text_of(&f, tags.span), "[{Key: k, Value: \"\u{fc}\"}]");
    let value = tags.as_list().unwrap()[0].get("Value").unwrap();
    assert_eq!(text_of(&f, value.span), "\"\u{fc}\"");
    assert_eq!(f.line_col(value.span.start as usize), LineCol { line: 7, column: 30 });
    // A block mapping spans from its first key to the end of its last value.
    assert!(text_of(&f, bucket.span).starts_with("Type: AWS::S3::Bucket"));
    assert!(text_of(&f, bucket.span).ends_with("\"\u{fc}\"}]"));
}

#[test]
fn block_scalars_do_not_span_the_following_blank_lines() {
    let f = file("UserData: |\n  #!/bin/bash\n  yum update -y\n\n\nNext: 1\n");
    let doc = parse(&f).unwrap();
    let data = doc.get("UserData").unwrap();
    assert_eq!(data.as_str(), Some("#!/bin/bash\nyum update -y\n"));
    assert_eq!(f.line_col(data.span.end as usize).line, 3);
}

#[test]
fn scalars_resolve_like_cloudformation() {
    let doc = parse_str(
        "a: true\nb: False\nc: TRUE\nd: yes\ne: ~\nf: null\ng:\nh: 42\ni: -3.5\nj: 1.10\nk: 0123\nl: 1e3\n\
         m: '42'\nn: \"true\"\no: 123456789012\np: 0.0\nq: !!str 7\nr: 12345678901234567890\ns: .5\nt: 0x1F\n",
    );
    let kind = |k: &str| doc.get(k).unwrap().kind.clone();
    assert_eq!(kind("a"), Kind::Bool(true));
    assert_eq!(kind("b"), Kind::Bool(false));
    assert_eq!(kind("c"), Kind::Bool(true));
    assert_eq!(kind("d"), Kind::String("yes".into()));
    assert_eq!(kind("e"), Kind::Null);
    assert_eq!(kind("f"), Kind::Null);
    assert_eq!(kind("g"), Kind::Null);
    assert_eq!(kind("h"), Kind::Number(42.0));
    assert_eq!(kind("i"), Kind::Number(-3.5));
    assert_eq!(kind("j"), Kind::String("1.10".into()));
    assert_eq!(kind("k"), Kind::String("0123".into()));
    assert_eq!(kind("l"), Kind::String("1e3".into()));
    assert_eq!(kind("m"), Kind::String("42".into()));
    assert_eq!(kind("n"), Kind::String("true".into()));
    assert_eq!(kind("o"), Kind::Number(123_456_789_012.0));
    assert_eq!(kind("p"), Kind::String("0.0".into()));
    assert_eq!(kind("q"), Kind::String("7".into()));
    assert_eq!(kind("r"), Kind::String("12345678901234567890".into()));
    assert_eq!(kind("s"), Kind::String(".5".into()));
    assert_eq!(kind("t"), Kind::String("0x1F".into()));
}

#[test]
fn keys_keep_their_text_and_duplicates_keep_both_entries() {
    let doc = parse_str("true: a\n1.0: b\nk: first\nk: second\n");
    let map = doc.as_map().unwrap();
    let names: Vec<&str> = map.iter().map(|(k, _)| k.name.as_str()).collect();
    assert_eq!(names, ["true", "1.0", "k", "k"]);
    assert_eq!(map.get("k").unwrap().as_str(), Some("second"));
}

#[test]
fn anchors_expand_and_bombs_are_refused() {
    let doc = parse_str("base: &b {Protocol: tcp, Port: 22}\nrules: [*b, *b]\n");
    let rules = doc.get("rules").unwrap().as_list().unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[1].get("Port").unwrap().kind, Kind::Number(22.0));

    let err = parse(&file("a: &a [1, *a]\n")).unwrap_err();
    assert!(err.message.contains("alias"), "{}", err.message);

    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = 'a';
    for name in 'b'..='k' {
        let items = vec![format!("*{previous}"); 10].join(", ");
        writeln!(bomb, "{name}: &{name} [{items}]").unwrap();
        previous = name;
    }
    let f = file(&bomb);
    let err = parse(&f).unwrap_err();
    assert_eq!(err.message, "YAML alias expansion exceeds the limit (alias bomb?)");
    assert!(text_of(&f, err.span).starts_with('*'));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for text in ["[".repeat(100_000), "- ".repeat(100_000), "{a: ".repeat(100_000), "[".repeat(201)] {
        let err = parse(&file(&text)).unwrap_err();
        assert!(err.message.contains("nesting deeper than 200"), "{}", err.message);
    }
    let mut deep = String::new();
    for i in 0..250 {
        deep.push_str(&" ".repeat(i));
        deep.push_str("k:\n");
    }
    let err = parse(&file(&deep)).unwrap_err();
    assert_eq!(file(&deep).line_col(err.span.start as usize).line, 201);
    assert!(parse(&file(&format!("{}{}", "[".repeat(200), "]".repeat(200)))).is_ok());
}

#[test]
fn documents_empty_files_and_errors() {
    assert_eq!(parse_str("").kind, Kind::Null);
    assert_eq!(parse_str("# only a comment\n").kind, Kind::Null);
    assert_eq!(parse_str("---\n").kind, Kind::Null);
    let doc = parse_str("a: 1\n---\nb: 2\n---\n[: bad\n");
    assert!(doc.get("a").is_some() && doc.get("b").is_none());

    let f = file("Resources:\n  B:\n    Type: x\n   bad: [\n");
    let err = parse(&f).unwrap_err();
    assert!(f.line_col(err.span.start as usize).line >= 3, "{err:?}");

    let f = file("a: \u{e9}\u{e9}\nb: \"unterminated\n");
    let err = parse(&f).unwrap_err();
    assert!(f.text.is_char_boundary(err.span.start as usize));
    assert!(f.line_col(err.span.start as usize).line >= 2, "{err:?}");
}

#[test]
fn under_indented_flow_and_quoted_lines_are_read_as_libyaml_reads_them() {
    let text = "A:\n  B:\n    k: [\n      \"x\",\n      \"y\"\n    ]\n  C: 'one\n  two'\n  D: 1\n";
    let f = file(text);
    let doc = parse(&f).unwrap();
    let b = doc.get("A").unwrap().get("B").unwrap().get("k").unwrap();
    let items: Vec<&str> = b.as_list().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(items, ["x", "y"]);
    assert!(doc.get("A").unwrap().get("C").unwrap().as_str().unwrap().starts_with("one"));
    // Spans still index the original text.
    let d = doc.get("A").unwrap().get("D").unwrap();
    assert_eq!(&text[d.span.range()], "1");
    assert_eq!(f.line_col(d.span.start as usize).line, 9);
}

#[test]
fn other_indentation_errors_stay_errors() {
    // A comment on the line above would swallow the joined line: the error stands.
    let f = file("A:\n  B: [ # c\n  x]\n");
    assert!(parse(&f).is_err());
    let f = file("A:\n  - a\n - b\n");
    assert!(parse(&f).is_err());
}
