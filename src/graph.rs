//! The resource graph: nodes are resources, edges are references (`bucket = aws_s3_bucket.b.id`,
//! `GroupId: !Ref SG`, `DependsOn`, and bucket names written as literals). Policies ask it questions
//! like "the versioning resources that point at this bucket", so split resources (AWS provider v4+)
//! and separate `AWS::EC2::SecurityGroupIngress` resources are judged with their parent.
//!
//! Its size is linear in resources plus references, whatever the configuration: a reference is one
//! link to a *group*, the instances one address or one literal name stands for, never one edge per
//! instance. `aws_s3_bucket.b[3]` links the group of that one instance; `aws_s3_bucket.b[*].arn`
//! (or a key nobody knows) links every instance of `b`; `bucket = "logs"` links every bucket named
//! `logs`. Queries expand groups as they go. Built in linear time: addresses and names are indexed
//! in hash maps, never compared pairwise.
//!
//! Expanding is what stays quadratic: ten thousand versioning resources that each name all ten
//! thousand instances of a bucket (or share their literal name) are 10^8 pairs to walk. Past
//! [`MAX_PAIRS`] the largest groups are not expanded: a located diagnostic names each, and the
//! verdicts that would have walked them are Unknown.

use crate::collections::HashMap;

use crate::diag::{DiagLevel, Diagnostic};
use crate::escape::quote;
use crate::model::{Project, Resource};
use crate::source::{FileId, Span};
use crate::value::{Kind, Value};

/// Attributes that name a resource, so that a literal name elsewhere counts as a reference to it
/// (`aws_s3_bucket_versioning { bucket = "logs" }` refers to the bucket whose `bucket = "logs"`).
const NAME_ATTRIBUTES: &[(&str, &[&str])] =
    &[("aws_s3_bucket", &["bucket"]), ("AWS::S3::Bucket", &["Properties", "BucketName"])];

/// Attributes whose literal value may name a bucket.
const NAME_REFERENCE_ATTRIBUTES: &[&str] = &["bucket", "Bucket", "target_bucket", "DestinationBucketName"];

/// Pairs of (referring resource, instance of a group it links) that queries may walk in one scan:
/// the edges a graph with one edge per instance would hold. The test corpus has a few thousand;
/// 4 million keep the policies' walks within a second or two.
pub const MAX_PAIRS: u64 = 1 << 22;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The dotted attribute path in the referring resource.
    pub via: String,
}

/// One reference: from a resource, through an attribute, to a group.
struct Link {
    from: usize,
    group: usize,
    edge: Edge,
    /// Where the reference is written, for the diagnostic when its group is not expanded.
    file: FileId,
    span: Span,
}

/// The resources one address or one literal name stands for.
#[derive(Default)]
struct Group {
    members: Vec<usize>,
    /// Links into this group, in creation order.
    links: Vec<u32>,
    /// A literal name's group, not an address's.
    named: bool,
    /// Why this group is not expanded, when it is not.
    cut: Option<String>,
}

/// A group's key in the index: the resource's scope and an address, or a literal name.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'p> {
    Address(usize, &'p str),
    Name(usize, &'p str),
}

pub struct Graph {
    links: Vec<Link>,
    groups: Vec<Group>,
    /// Per resource: its links, in creation order.
    out: Vec<Vec<u32>>,
    /// Per resource: the groups it is a member of (its address, its instance address when that
    /// differs, its literal name).
    member_of: Vec<[Option<u32>; 3]>,
    by_type: HashMap<String, Vec<usize>>,
    diagnostics: Vec<Diagnostic>,
}

/// `module.a["x"].aws_s3_bucket.b[0]` → `module.a["x"].aws_s3_bucket.b`: the resource whose
/// instance this is. A quoted key may hold `[` but never an unescaped `"` (see
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
        // Sized up front: growing a table rehashes it into fresh memory each time.
        let mut index: HashMap<Key<'_>, usize> = crate::collections::map_with_capacity(2 * resources.len());
        let mut groups: Vec<Group> = Vec::with_capacity(2 * resources.len());
        let mut member_of = vec![[None; 3]; resources.len()];
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, r) in resources.iter().enumerate() {
            by_type.entry(r.rtype.clone()).or_default().push(i);
            let base = base_address(&r.address);
            let mut slots = member_of[i].iter_mut();
            for key in [Key::Address(r.scope, base), Key::Address(r.scope, &r.address)]
                .into_iter()
                .take(if base == r.address { 1 } else { 2 })
                .chain(resource_name(r).map(|name| Key::Name(r.scope, name)))
            {
                let g = *index.entry(key).or_insert_with(|| {
                    groups.push(Group { named: matches!(key, Key::Name(..)), ..Group::default() });
                    groups.len() - 1
                });
                groups[g].members.push(i);
                if let Some(slot) = slots.next() {
                    *slot = u32::try_from(g).ok();
                }
            }
        }

        let mut links = Vec::with_capacity(resources.iter().map(|r| r.refs.len()).sum());
        let mut out = vec![Vec::new(); resources.len()];
        let mut link = |from: usize, g: usize, edge: Edge, span: Span, groups: &mut Vec<Group>| {
            let Ok(id) = u32::try_from(links.len()) else { return };
            links.push(Link { from, group: g, edge, file: resources[from].file, span });
            groups[g].links.push(id);
            out[from].push(id);
        };
        for (i, r) in resources.iter().enumerate() {
            for reference in &r.refs {
                // The instance named, else (a key that names none) every instance of the resource.
                let target = &reference.target;
                let g = index
                    .get(&Key::Address(r.scope, target))
                    .or_else(|| index.get(&Key::Address(r.scope, base_address(target))));
                if let Some(&g) = g {
                    link(i, g, Edge { via: reference.via.clone() }, reference.span, &mut groups);
                }
            }
            for (via, name) in literal_name_references(&r.attrs) {
                if let Some(&g) = index.get(&Key::Name(r.scope, name.as_str().unwrap_or_default())) {
                    link(i, g, Edge { via }, name.span, &mut groups);
                }
            }
        }
        let mut graph = Graph { links, groups, out, member_of, by_type, diagnostics: Vec::new() };
        graph.cut_largest(project);
        graph
    }

    /// Within [`MAX_PAIRS`], by leaving the largest groups unexpanded.
    fn cut_largest(&mut self, project: &Project) {
        let pairs = |g: &Group| g.members.len() as u64 * g.links.len() as u64;
        let mut total: u64 = self.groups.iter().map(pairs).sum();
        if total <= MAX_PAIRS {
            return;
        }
        let mut largest: Vec<usize> = (0..self.groups.len()).collect();
        largest.sort_by_key(|&g| std::cmp::Reverse(pairs(&self.groups[g])));
        for g in largest {
            if total <= MAX_PAIRS {
                break;
            }
            let group = &self.groups[g];
            total -= pairs(group);
            let first = &self.links[group.links[0] as usize];
            let what = format!("{} ({} instances)", self.label(g, project), group.members.len());
            let reason = format!(
                "{} references to {what} are not followed: the resource graph would have more than {MAX_PAIRS} edges",
                group.links.len()
            );
            if let Some(file) = project.files.get(first.file) {
                self.diagnostics.push(Diagnostic::at(DiagLevel::Warning, file, first.span, reason.clone()));
            }
            self.groups[g].cut = Some(reason);
        }
    }

    /// What a group stands for, in messages: an address, or a bucket name.
    fn label(&self, g: usize, project: &Project) -> String {
        let group = &self.groups[g];
        let r = &project.resources[group.members[0]];
        match resource_name(r) {
            Some(name) if group.named => format!("the buckets named {}", quote(name)),
            _ => base_address(&r.address).to_string(),
        }
    }

    /// Diagnostics about groups left unexpanded.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Indices of the resources of one type, in project order.
    #[must_use]
    pub fn of_type(&self, rtype: &str) -> &[usize] {
        self.by_type.get(rtype).map_or(&[], Vec::as_slice)
    }

    fn groups_of(&self, resource: usize) -> impl Iterator<Item = &Group> {
        self.member_of[resource].iter().flatten().map(|&g| &self.groups[g as usize])
    }

    /// Resources that reference `resource`, with the attribute through which they do: the most
    /// recent reference first, as before groups (the first unknown reason a policy reports is the
    /// first met).
    pub fn referrers(&self, resource: usize) -> impl Iterator<Item = (usize, &Edge)> {
        // At most three groups: no allocation on this path, which every `connected` check takes.
        let mut lists: [&[u32]; 3] = [&[]; 3];
        for (list, group) in lists.iter_mut().zip(self.groups_of(resource).filter(|g| g.cut.is_none())) {
            *list = &group.links;
        }
        std::iter::from_fn(move || {
            loop {
                // The largest last link among the lists: a merge, newest first.
                let (pick, _) = lists
                    .iter()
                    .enumerate()
                    .filter_map(|(n, l)| Some((n, *l.last()?)))
                    .max_by_key(|&(_, id)| id)?;
                let list = &mut lists[pick];
                let id = list[list.len() - 1];
                *list = &list[..list.len() - 1];
                let link = &self.links[id as usize];
                if link.from != resource {
                    return Some((link.from, &link.edge));
                }
            }
        })
    }

    /// Resources that `resource` references, with the attribute through which it does.
    pub fn targets(&self, resource: usize) -> impl Iterator<Item = (usize, &Edge)> {
        self.out[resource].iter().rev().flat_map(move |&id| {
            let link = &self.links[id as usize];
            let group = &self.groups[link.group];
            let members = if group.cut.is_some() { &[][..] } else { group.members.as_slice() };
            members.iter().rev().filter(move |&&j| j != resource).map(move |&j| (j, &link.edge))
        })
    }

    /// Whether `resource` references any resource through the attribute `via`.
    #[must_use]
    pub fn has_reference_via(&self, resource: usize, via: &str) -> bool {
        self.out[resource].iter().any(|&id| {
            let link = &self.links[id as usize];
            link.edge.via == via && self.groups[link.group].members.iter().take(2).any(|&j| j != resource)
        })
    }

    /// Why [`Graph::referrers`] may miss some of `resource`'s referrers.
    #[must_use]
    pub fn unfollowed_referrers(&self, resource: usize) -> Option<&str> {
        self.groups_of(resource).find_map(|g| g.cut.as_deref())
    }

    /// Why [`Graph::targets`] may miss some of what `resource` references through `via`.
    #[must_use]
    pub fn unfollowed_targets(&self, resource: usize, via: &str) -> Option<&str> {
        self.out[resource].iter().find_map(|&id| {
            let link = &self.links[id as usize];
            if link.edge.via == via { self.groups[link.group].cut.as_deref() } else { None }
        })
    }

    /// The resources `marked` or one reference away from one that is, either way: what
    /// `--diff-base` judges. Exact whatever the groups' size, in linear time.
    #[must_use]
    pub fn one_hop(&self, marked: &[bool]) -> Vec<bool> {
        let mut reached = marked.to_vec();
        for (g, group) in self.groups.iter().enumerate() {
            let in_group = |r: usize| self.member_of[r].iter().flatten().any(|&m| m as usize == g);
            let marked_members = group.members.iter().filter(|&&j| marked[j]).count();
            // The marked resources that link this group: two or more reach every member; one
            // reaches every member but itself.
            let mut sources: [Option<usize>; 2] = [None, None];
            for &id in &group.links {
                let from = self.links[id as usize].from;
                let others = marked_members - usize::from(marked[from] && in_group(from));
                if others > 0 {
                    reached[from] = true;
                }
                if marked[from] && sources[0] != Some(from) && sources[1].is_none() {
                    if sources[0].is_none() {
                        sources[0] = Some(from);
                    } else {
                        sources[1] = Some(from);
                    }
                }
            }
            for &j in &group.members {
                if sources.iter().flatten().any(|&from| from != j) {
                    reached[j] = true;
                }
            }
        }
        reached
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
fn literal_name_references(attrs: &Value) -> Vec<(String, &Value)> {
    fn scan<'v>(map: &'v Value, prefix: &str, out: &mut Vec<(String, &'v Value)>) {
        for key in NAME_REFERENCE_ATTRIBUTES {
            if let Some(value @ Value { kind: Kind::String(_), .. }) = map.get(key) {
                out.push((format!("{prefix}{key}"), value));
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
mod tests;
