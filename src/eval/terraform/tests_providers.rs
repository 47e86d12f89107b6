#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::tests::{at, run};
use crate::model::Input;
use crate::value::Map;

#[test]
fn provider_default_tags_merge_into_tags_all_under_the_resource_tags() {
    let providers = "provider \"aws\" {\n  default_tags {\n    tags = { Owner = \"a\", Env = var.env }\n  }\n}\n\
                     variable \"env\" {}\n";
    let resources = "resource \"aws_sqs_queue\" \"q\" {\n  tags = { Owner = \"b\" }\n}\n\
                     resource \"aws_sqs_queue\" \"untagged\" {}\n\
                     resource \"aws_sqs_queue\" \"own\" {\n  tags_all = {}\n}\n\
                     resource \"google_storage_bucket\" \"g\" {}\n";
    let out = run(&[("providers.tf", providers), ("main.tf", resources)]);
    let q = out.res("aws_sqs_queue.q");
    let all = at(&q.attrs, "tags_all");
    assert_eq!(at(all, "Owner").as_str(), Some("b"), "the resource's own tag wins");
    assert!(at(all, "Env").is_unknown(), "an unset variable stays unknown: {all}");
    // Editing the provider block is a change to every resource it tags.
    assert!(q.inputs.iter().any(|i| matches!(i, Input::Text(l) if l.file == 0)), "{:?}", q.inputs);
    assert_eq!(at(&out.res("aws_sqs_queue.untagged").attrs, "tags_all.Owner").as_str(), Some("a"));
    let own = out.res("aws_sqs_queue.own");
    assert!(at(&own.attrs, "tags_all").as_map().is_some_and(Map::is_empty), "written tags_all is kept");
    assert!(out.res("google_storage_bucket.g").attrs.get("tags_all").is_none());
}
