//! The resource graph: nodes are resources, edges are references (`bucket = aws_s3_bucket.b.id`,
//! `GroupId: !Ref SG`, `DependsOn`, and bucket names written as literals). Policies ask it questions
//! like "the versioning resources that point at this bucket", so split resources (AWS provider v4+)
//! and separate `AWS::EC2::SecurityGroupIngress` resources are judged with their parent.
//!
//! Built once in linear time: addresses and names are indexed in hash maps, never compared pairwise.

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use crate::eval::value::{Kind, Value};
use crate::model::{Project, Resource};

/// Attributes that name a resource, so that a literal name elsewhere counts as a reference to it
/// (`aws_s3_bucket_versioning { bucket = "logs" }` refers to the bucket whose `bucket = "logs"`).
const NAME_ATTRIBUTES: &[(&str, &[&str])] =
    &[("aws_s3_bucket", &["bucket"]), ("AWS::S3::Bucket", &["Properties", "BucketName"])];

/// Attributes whose literal value may name a bucket.
const NAME_REFERENCE_ATTRIBUTES: &[&str] = &["bucket", "Bucket", "target_bucket", "DestinationBucketName"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The dotted attribute path in the referring resource.
    pub via: String,
}

pub struct Graph {
    inner: StableDiGraph<usize, Edge>,
    nodes: Vec<NodeIndex>,
    by_type: HashMap<String, Vec<usize>>,
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a["x"].aws_s3_bucket.b`: references name a resource,
/// not one of its instances. A quoted key may hold `[` but never an unescaped `"` (see
/// [`crate::escape::quote`]), so its opening is the last `["`.
#[must_use]
pub fn base_address(address: &str) -> &str {
    if address.ends_with("\"]")
        && let Some(open) = address.rfind("[\"")
    {
        return &address[..open];
    }
    if address.ends_with(']')
        && let Some(open) = address.rfind('[')
    {
        return &address[..open];
    }
    address
}

impl Graph {
    #[must_use]
    pub fn build(project: &Project) -> Graph {
        let resources = &project.resources;
        let edges = resources.iter().map(|r| r.refs.len()).sum::<usize>();
        let mut graph = StableDiGraph::with_capacity(resources.len(), edges);
        let nodes: Vec<NodeIndex> = (0..resources.len()).map(|i| graph.add_node(i)).collect();
        // Sized up front: growing a table rehashes it into fresh memory each time.
        let mut by_address: HashMap<(usize, &str), Vec<usize>> = HashMap::with_capacity(resources.len());
        let mut by_name: HashMap<(usize, &str), Vec<usize>> = HashMap::with_capacity(resources.len());
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_address.entry((r.scope, base_address(&r.address))).or_default().push(i);
            by_type.entry(r.rtype.clone()).or_default().push(i);
            if let Some(name) = resource_name(r) {
                by_name.entry((r.scope, name)).or_default().push(i);
            }
        }
        for (i, r) in resources.iter().enumerate() {
            for reference in &r.refs {
                let target = base_address(&reference.target);
                for &j in by_address.get(&(r.scope, target)).into_iter().flatten() {
                    if i != j {
                        graph.add_edge(nodes[i], nodes[j], Edge { via: reference.via.clone() });
                    }
                }
            }
            if !by_name.is_empty() {
                for (via, name) in literal_name_references(&r.attrs) {
                    for &j in by_name.get(&(r.scope, name)).into_iter().flatten() {
                        if i != j {
                            graph.add_edge(nodes[i], nodes[j], Edge { via: via.clone() });
                        }
                    }
                }
            }
        }
        Graph { inner: graph, nodes, by_type }
    }

    /// Indices of the resources of one type, in project order.
    #[must_use]
    pub fn of_type(&self, rtype: &str) -> &[usize] {
        self.by_type.get(rtype).map_or(&[], Vec::as_slice)
    }

    /// Resources that reference `resource`, with the attribute through which they do.
    pub fn referrers(&self, resource: usize) -> impl Iterator<Item = (usize, &Edge)> {
        self.inner
            .edges_directed(self.nodes[resource], Direction::Incoming)
            .map(move |e| (self.inner[e.source()], e.weight()))
    }

    /// Resources that `resource` references, with the attribute through which it does.
    pub fn targets(&self, resource: usize) -> impl Iterator<Item = (usize, &Edge)> {
        self.inner
            .edges_directed(self.nodes[resource], Direction::Outgoing)
            .map(move |e| (self.inner[e.target()], e.weight()))
    }

    /// Whether `resource` references any resource through the attribute `via`.
    #[must_use]
    pub fn has_reference_via(&self, resource: usize, via: &str) -> bool {
        self.inner.edges_directed(self.nodes[resource], Direction::Outgoing).any(|e| e.weight().via == via)
    }

    #[must_use]
    pub fn edge_count(&self) -> usize {
        self.inner.edge_count()
    }
}

fn resource_name(r: &Resource) -> Option<&str> {
    let (_, path) = NAME_ATTRIBUTES.iter().find(|(t, _)| *t == r.rtype)?;
    let mut value = &r.attrs;
    for key in *path {
        value = value.get(key)?;
    }
    value.as_str()
}

/// Top-level (and `Properties.`) string attributes that may name a bucket by its literal name.
fn literal_name_references(attrs: &Value) -> Vec<(String, &str)> {
    fn scan<'v>(map: &'v Value, prefix: &str, out: &mut Vec<(String, &'v str)>) {
        for key in NAME_REFERENCE_ATTRIBUTES {
            if let Some(Value { kind: Kind::String(s), .. }) = map.get(key) {
                out.push((format!("{prefix}{key}"), s.as_str()));
            }
        }
    }
    let mut out = Vec::new();
    scan(attrs, "", &mut out);
    if let Some(props) = attrs.get("Properties") {
        scan(props, "Properties.", &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_address_strips_only_the_instance_key() {
        assert_eq!(base_address("aws_s3_bucket.b[0]"), "aws_s3_bucket.b");
        assert_eq!(base_address(r#"module.a["x"].aws_s3_bucket.b["k"]"#), r#"module.a["x"].aws_s3_bucket.b"#);
        assert_eq!(base_address("Bucket"), "Bucket");
        let key = crate::escape::quote("a[\"b]\\");
        assert_eq!(key, r#""a[\"b]\\""#);
        assert_eq!(base_address(&format!("aws_s3_bucket.b[{key}]")), "aws_s3_bucket.b");
    }
}
