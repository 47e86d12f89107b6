#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::model::{Mode, Reference};
use crate::source::{Format, SourceFile};
use crate::value::Map;

const TEXT: &str = "bucket = aws_s3_bucket.b.id\n";

fn resource(rtype: &str, address: &str, refs: &[&str], name: Option<(&str, &str)>) -> Resource {
    let mut attrs = Map::default();
    if let Some((key, value)) = name {
        attrs.insert(
            crate::value::Key { name: key.into(), span: Span::default() },
            Value::string(value, Span::new(9, 15)),
        );
    }
    Resource {
        format: Format::Terraform,
        mode: Mode::Managed,
        rtype: rtype.into(),
        address: address.into(),
        file: 0,
        scope: 0,
        span: Span::default(),
        head: Span::default(),
        attrs: Value::new(Kind::Map(attrs), Span::default()),
        refs: refs
            .iter()
            .map(|t| Reference { via: "bucket".into(), target: (*t).into(), span: Span::new(9, 27) })
            .collect(),
        module_calls: vec![],
        assumptions: vec![],
        may_not_exist: None,
        parameter_defaults: vec![],
        span_files: vec![],
        origins: vec![],
        user_call: None,
        overrides: vec![],
        plan: None,
        inputs: vec![],
    }
}

fn project(resources: Vec<Resource>) -> Project {
    let files = vec![SourceFile::new("main.tf".into(), "main.tf".into(), TEXT.into())];
    Project { files, resources, diagnostics: vec![], unevaluated: vec![] }
}

fn referrers(g: &Graph, r: usize) -> Vec<usize> {
    g.referrers(r).map(|(i, _)| i).collect()
}

fn targets(g: &Graph, r: usize) -> Vec<usize> {
    g.targets(r).map(|(i, _)| i).collect()
}

#[test]
fn base_address_strips_only_the_instance_key() {
    assert_eq!(base_address("aws_s3_bucket.b[0]"), "aws_s3_bucket.b");
    assert_eq!(base_address(r#"module.a["x"].aws_s3_bucket.b["k"]"#), r#"module.a["x"].aws_s3_bucket.b"#);
    assert_eq!(base_address("Bucket"), "Bucket");
    let key = crate::escape::quote("a[\"b]\\");
    assert_eq!(key, r#""a[\"b]\\""#);
    assert_eq!(base_address(&format!("aws_s3_bucket.b[{key}]")), "aws_s3_bucket.b");
}

#[test]
fn an_indexed_reference_links_exactly_its_instance() {
    let v = "aws_s3_bucket_versioning";
    let p = project(vec![
        resource("aws_s3_bucket", "aws_s3_bucket.b[0]", &[], None),
        resource("aws_s3_bucket", "aws_s3_bucket.b[1]", &[], None),
        resource("aws_s3_bucket", r#"aws_s3_bucket.k["logs"]"#, &[], None),
        resource("aws_s3_bucket", r#"aws_s3_bucket.k["data"]"#, &[], None),
        resource(v, "aws_s3_bucket_versioning.v[0]", &["aws_s3_bucket.b[0]"], None),
        resource(v, "aws_s3_bucket_versioning.v[1]", &["aws_s3_bucket.b[1]"], None),
        resource(v, "aws_s3_bucket_versioning.k", &[r#"aws_s3_bucket.k["data"]"#], None),
        // No key (a splat, an unknown index) or a key naming no instance: every instance.
        resource(v, "aws_s3_bucket_versioning.all", &["aws_s3_bucket.b"], None),
        resource(v, "aws_s3_bucket_versioning.gone", &["aws_s3_bucket.b[7]"], None),
    ]);
    let g = Graph::build(&p);
    assert_eq!(targets(&g, 4), [0]);
    assert_eq!(targets(&g, 5), [1]);
    assert_eq!(targets(&g, 6), [3]);
    assert_eq!(targets(&g, 7), [1, 0]);
    assert_eq!(targets(&g, 8), [1, 0]);
    // Newest reference first, as a graph with one edge per instance lists them.
    assert_eq!(referrers(&g, 0), [8, 7, 4]);
    assert_eq!(referrers(&g, 1), [8, 7, 5]);
    assert_eq!(referrers(&g, 2), Vec::<usize>::new());
    assert_eq!(referrers(&g, 3), [6]);
    assert!(g.has_reference_via(4, "bucket") && !g.has_reference_via(4, "other"));
    assert!(g.diagnostics().is_empty() && g.unfollowed_referrers(0).is_none());
}

#[test]
fn a_literal_name_links_every_bucket_of_that_name_but_itself() {
    let named = Some(("bucket", "logs"));
    let p = project(vec![
        resource("aws_s3_bucket", "aws_s3_bucket.a", &[], named),
        resource("aws_s3_bucket", "aws_s3_bucket.b", &[], named),
        resource("aws_s3_bucket_versioning", "aws_s3_bucket_versioning.v", &[], named),
        resource("aws_s3_bucket", "aws_s3_bucket.c", &[], Some(("bucket", "other"))),
    ]);
    let g = Graph::build(&p);
    assert_eq!(targets(&g, 2), [1, 0]);
    assert_eq!(targets(&g, 0), [1]);
    assert_eq!(referrers(&g, 0), [2, 1]);
    assert_eq!(referrers(&g, 3), Vec::<usize>::new());
    assert!(!g.has_reference_via(3, "bucket"));
}

#[test]
fn one_hop_is_the_pairwise_definition() {
    let named = Some(("bucket", "logs"));
    let p = project(vec![
        resource("aws_s3_bucket", "aws_s3_bucket.b[0]", &[], named),
        resource("aws_s3_bucket", "aws_s3_bucket.b[1]", &[], named),
        resource("aws_s3_bucket", "aws_s3_bucket.c", &["aws_s3_bucket.b"], None),
        resource("aws_s3_bucket_versioning", "aws_s3_bucket_versioning.v", &["aws_s3_bucket.b[1]"], named),
        resource("aws_s3_bucket_policy", "aws_s3_bucket_policy.p", &["aws_s3_bucket.c"], None),
    ]);
    let g = Graph::build(&p);
    let n = p.resources.len();
    for bits in 0..1u32 << n {
        let marked: Vec<bool> = (0..n).map(|i| bits & (1 << i) != 0).collect();
        let mut expected = marked.clone();
        for r in 0..n {
            for (t, _) in g.targets(r) {
                expected[t] |= marked[r];
                expected[r] |= marked[t];
            }
        }
        assert_eq!(g.one_hop(&marked), expected, "{marked:?}");
    }
}

#[test]
fn groups_past_the_budget_are_not_walked_and_say_so() {
    let n = 2100; // 2,100 × 2,100 pairs, past MAX_PAIRS
    let mut resources: Vec<Resource> =
        (0..n).map(|i| resource("aws_s3_bucket", &format!("aws_s3_bucket.b[{i}]"), &[], None)).collect();
    resources.extend(
        (0..n)
            .map(|i| resource("aws_s3_bucket_versioning", &format!("v.v[{i}]"), &["aws_s3_bucket.b"], None)),
    );
    resources.push(resource("aws_s3_bucket", "aws_s3_bucket.small", &[], None));
    resources.push(resource("aws_s3_bucket_versioning", "v.small", &["aws_s3_bucket.small"], None));
    let p = project(resources);
    let g = Graph::build(&p);
    assert_eq!(referrers(&g, 0), Vec::<usize>::new());
    assert_eq!(targets(&g, n), Vec::<usize>::new());
    let reason = "2100 references to aws_s3_bucket.b (2100 instances) are not followed: the resource graph would have more than 4194304 edges";
    assert_eq!(g.unfollowed_referrers(0), Some(reason));
    assert_eq!(g.unfollowed_targets(n, "bucket"), Some(reason));
    assert_eq!(g.unfollowed_targets(n, "other"), None);
    assert_eq!(
        g.diagnostics().iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!("main.tf:1:10: {reason}")]
    );
    // What is small is still walked; what costs nothing to answer is still answered.
    assert_eq!(referrers(&g, 2 * n), [2 * n + 1]);
    assert!(g.unfollowed_referrers(2 * n).is_none());
    assert!(g.has_reference_via(n, "bucket"));
    let mut marked = vec![false; p.resources.len()];
    marked[n + 5] = true;
    let reached = g.one_hop(&marked);
    assert_eq!(reached.iter().filter(|&&r| r).count(), n + 1);
}
