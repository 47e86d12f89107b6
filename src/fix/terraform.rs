//! Terraform fixes through hcl-edit's mutable tree: the file is parsed, the resource block changed
//! and the tree printed again, so comments, blank lines and alignment elsewhere stay as written.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::{Decor, Decorate, Decorated, Ident, Span as _};

use super::Outcome;
use crate::policy::Companion;
use crate::value::{Kind, Value};

/// Sets every `(path, value)` of a fix in the block `resource "<rtype>" "<name>"` of `text`.
/// `parsed` is `text`'s syntax tree when the scan has it (the file as it was read; see [`tree`]).
pub(super) fn apply(
    text: &str,
    parsed: Option<&Body>,
    rtype: &str,
    name: &str,
    set: &[(Vec<String>, Value)],
) -> Outcome {
    let is_block = |b: &Block| b.has_ident("resource") && b.has_exact_labels(&[rtype, name]);
    let missing = || format!("no block resource \"{rtype}\" \"{name}\" in the file");
    // The file as scanned: only the block is copied, changed and printed in its place, which spares
    // copying and printing the whole file for each of its findings.
    if let Some(scanned) = parsed {
        let block = scanned.blocks().find(|b| is_block(b)).ok_or_else(missing)?;
        if let Some(range) = block.span() {
            let mut copy = block.clone();
            if !set_all(&mut copy, set, text)? {
                return Ok(None);
            }
            // The decor around the block is outside its span, and stays as it is; a body prints
            // its block with the line break that ends it, which is outside the span too.
            copy.decor_mut().clear();
            let printed = Body::builder().block(copy).build().to_string();
            let printed = printed.strip_suffix('\n').unwrap_or(&printed);
            return Ok(Some(format!("{}{printed}{}", &text[..range.start], &text[range.end..])));
        }
    }
    let mut body = tree(text, parsed)?;
    let block = body.blocks_mut().find(|b| is_block(b)).ok_or_else(missing)?;
    if !set_all(block, set, text)? {
        return Ok(None);
    }
    Ok(Some(body.to_string()))
}

/// Sets every `(path, value)` in the block; whether that changed it.
fn set_all(block: &mut Block, set: &[(Vec<String>, Value)], text: &str) -> Result<bool, String> {
    let indent = indent_of(block.decor());
    let mut changed = false;
    for (path, value) in set {
        changed |= set_in(&mut block.body, &indent, path, value, text)?;
    }
    Ok(changed)
}

/// Adds, right after the block `resource "<rtype>" "<name>"` of `text`, the companion resource
/// `resource "<companion>" "<name>"` linked to it (`bucket = aws_s3_bucket.<name>.id`) with every
/// `(path, value)` of the fix in its body. `siblings` are the other files of the block's module
/// directory, which a resource of the same address or a companion already linked would be in.
/// `added`: `text` holds edits of this run, and a companion found linked in it is one of them.
/// `parsed` is `text`'s syntax tree when the scan has it (see [`tree`]).
pub(super) fn add_companion(
    (text, parsed): (&str, Option<&Body>),
    rtype: &str,
    name: &str,
    companion: &Companion,
    set: &[(Vec<String>, Value)],
    siblings: &[&Body],
    added: bool,
) -> Outcome {
    let mut body = tree(text, parsed)?;
    let is_parent = |s: &Structure| {
        s.as_block().is_some_and(|b| b.has_ident("resource") && b.has_exact_labels(&[rtype, name]))
    };
    let position = (0..body.len())
        .find(|&i| body.get(i).is_some_and(is_parent))
        .ok_or_else(|| format!("no block resource \"{rtype}\" \"{name}\" in the file"))?;
    let parent = body.get(position).and_then(Structure::as_block).ok_or("the block disappeared")?;
    // A parent made by `count` or `for_each` gets one companion per instance: the meta-argument
    // repeated as written, so that both have the same instances, each linked to the parent's of the
    // same index or key. (`for_each = aws_s3_bucket.b` would read the parent's instances, which the
    // evaluation knows only after apply: the verifying scan could not tell the fix works.)
    let meta = ["count", "for_each"]
        .into_iter()
        .find_map(|m| parent.body.get_attribute(m).map(|a| (m, a.value.clone())));
    let inline = |key: &str| {
        parent.body.has_attribute(key)
            || parent.body.has_blocks(key)
            || parent.body.get_blocks("dynamic").any(|b| b.has_exact_labels(&[key]))
    };
    if let Some(key) = companion.conflicts.iter().find(|k| inline(k)) {
        return Err(format!(
            "the resource configures `{key}` itself; adding {} as well would give it two owners",
            companion.rtype
        ));
    }
    let reference = format!("{rtype}.{name}");
    for (i, file) in std::iter::once(&body).chain(siblings.iter().copied()).enumerate() {
        for block in file.get_blocks("resource") {
            if label(block, 0) != Some(&companion.rtype) {
                continue;
            }
            let same_name = label(block, 1) == Some(name);
            let linked = links_to(block, &companion.link, &reference);
            // One this run added for another finding of the same block (another module instance).
            if i == 0 && same_name && linked && added {
                return Ok(None);
            }
            if same_name {
                return Err(format!("a resource {}.{name} exists already", companion.rtype));
            }
            if linked {
                return Err(format!(
                    "the resource has its {} already; its settings are the author's to change",
                    companion.rtype
                ));
            }
        }
    }
    let indent = indent_of(parent.decor());
    let mut block = Block::builder(Decorated::new(ident("resource")?))
        .label(companion.rtype.as_str())
        .label(name)
        .build();
    // The names are identifiers (checked by `ident`), so these expressions are what they read.
    let (parent_type, parent_name) = (ident(rtype)?, ident(name)?);
    let index = match &meta {
        Some(("count", _)) => "[count.index]",
        Some(_) => "[each.key]",
        None => "",
    };
    let parent_id = format!("{parent_type}.{parent_name}{index}.id");
    let expr = |text: &str| text.parse::<Expression>().map_err(|e| format!("cannot write {text}: {e}"));
    if let Some((meta, mut repeat)) = meta.clone() {
        repeat.decor_mut().clear();
        let mut attr = Attribute::new(Decorated::new(ident(meta)?), repeat);
        attr.decor_mut().set_prefix(format!("{indent}  "));
        block.body.push(attr);
    }
    let mut link = Attribute::new(Decorated::new(ident(&companion.link)?), expr(&parent_id)?);
    // A meta-argument stands apart from the arguments, as `terraform fmt` users write it.
    let separator = if meta.is_some() { "\n" } else { "" };
    link.decor_mut().set_prefix(format!("{separator}{indent}  "));
    block.body.push(link);
    block.body.set_prefer_oneline(false);
    block.body.decor_mut().set_suffix(indent.clone());
    for (path, value) in set {
        set_in(&mut block.body, &indent, path, value, "")?;
    }
    block.decor_mut().set_prefix(format!("\n{indent}"));
    // After the parent, and after the companions of it that follow it already.
    let mut at = position + 1;
    while body.get(at).and_then(Structure::as_block).is_some_and(|b| {
        b.has_ident("resource")
            && label(b, 1) == Some(name)
            && b.body.attributes().any(|a| refers(&a.value, &reference))
    }) {
        at += 1;
    }
    body.insert(at, block);
    Ok(Some(body.to_string()))
}

fn label(block: &Block, i: usize) -> Option<&str> {
    block.labels.get(i).map(hcl_edit::structure::BlockLabel::as_str)
}

/// Whether the block's `link` attribute refers to `reference` (`aws_s3_bucket.logs`, followed by
/// `.id`, `.bucket`, an index).
fn links_to(block: &Block, link: &str, reference: &str) -> bool {
    block.body.get_attribute(link).is_some_and(|a| refers(&a.value, reference))
}

fn refers(expr: &Expression, reference: &str) -> bool {
    let value: String = expr.to_string().chars().filter(|c| !c.is_whitespace()).collect();
    value.match_indices(reference).any(|(at, _)| {
        let before = value[..at].chars().next_back();
        let after = value[at + reference.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
            && matches!(after, Some('.' | '['))
    })
}

/// The indentation a decor prefix gives its item: what follows the last line break.
pub(super) fn indent_of(decor: &Decor) -> String {
    let prefix = decor.prefix().map(|p| p.to_string()).unwrap_or_default();
    let last = prefix.rsplit('\n').next().unwrap_or_default();
    last.chars().take_while(|c| *c == ' ' || *c == '\t').collect()
}

fn set_in(body: &mut Body, indent: &str, path: &[String], value: &Value, text: &str) -> Result<bool, String> {
    let inner = format!("{indent}  ");
    if body.prefer_oneline() && !body.is_empty() {
        multiline(body, indent);
    }
    let (first, rest) = path.split_first().ok_or("an empty path")?;
    if rest.is_empty() {
        return set_attribute(body, &inner, first, value, text);
    }
    if body.has_attribute(first) {
        return Err(format!("`{first}` is written as an attribute, not a block"));
    }
    if body.get_blocks("dynamic").any(|b| b.has_exact_labels(&[first.as_str()])) {
        return Err(format!("`{first}` is made by a dynamic block"));
    }
    match body.get_blocks(first).count() {
        0 => {
            let mut block = Block::new(Decorated::new(ident(first)?));
            build(&mut block.body, &inner, rest, value)?;
            block.body.decor_mut().set_suffix(inner.clone());
            let separator = if body.is_empty() { "" } else { "\n" };
            block.decor_mut().set_prefix(format!("{separator}{inner}"));
            if body.is_empty() {
                body.set_prefer_oneline(false);
                body.decor_mut().set_suffix(indent.to_string());
            }
            body.push(block);
            Ok(true)
        }
        1 => {
            let block = body.get_blocks_mut(first).next().ok_or("the block disappeared")?;
            set_in(&mut block.body, &inner, rest, value, text)
        }
        n => Err(format!("there are {n} `{first}` blocks; which one to change is the author's choice")),
    }
}

/// Turns a one-line block body (`{ a = 1 }`) into one argument a line, as `terraform fmt` expects
/// of a block with more than one.
fn multiline(body: &mut Body, indent: &str) {
    body.set_prefer_oneline(false);
    body.decor_mut().set_prefix("");
    body.decor_mut().set_suffix(indent.to_string());
    for i in 0..body.len() {
        let Some(s) = body.get_mut(i) else { continue };
        s.decor_mut().set_prefix(format!("{indent}  "));
        s.decor_mut().set_suffix("");
        if let Structure::Attribute(a) = s {
            let trailing = a.value.decor().suffix().map(|x| x.to_string()).unwrap_or_default();
            if trailing.trim().is_empty() {
                a.value.decor_mut().set_suffix("");
            }
        }
    }
}

/// A new nested block's body holding `path = value`.
fn build(body: &mut Body, indent: &str, path: &[String], value: &Value) -> Result<(), String> {
    let inner = format!("{indent}  ");
    let (first, rest) = path.split_first().ok_or("an empty path")?;
    if rest.is_empty() {
        let mut attr = Attribute::new(Decorated::new(ident(first)?), expression(value)?);
        attr.decor_mut().set_prefix(inner);
        body.push(attr);
        return Ok(());
    }
    let mut block = Block::new(Decorated::new(ident(first)?));
    build(&mut block.body, &inner, rest, value)?;
    block.body.decor_mut().set_suffix(inner.clone());
    block.decor_mut().set_prefix(inner);
    body.push(block);
    Ok(())
}

fn ident(name: &str) -> Result<Ident, String> {
    Ident::try_new(name).map_err(|_| format!("`{name}` is not an identifier"))
}

pub(super) fn expression(value: &Value) -> Result<Expression, String> {
    Ok(match &value.kind {
        Kind::Bool(b) => Expression::from(*b),
        Kind::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            // Whole numbers are written as Terraform users write them, without a fraction.
            #[allow(clippy::cast_possible_truncation)]
            let whole = *n as i64;
            Expression::from(whole)
        }
        Kind::Number(n) => {
            Expression::Number(hcl_edit::Number::from_f64(*n).ok_or("not a finite number")?.into())
        }
        Kind::String(s) => Expression::from(s.as_str()),
        _ => return Err("a fix sets a boolean, a number or a string".into()),
    })
}

/// Whether a literal already holds the value (then there is nothing to do here).
pub(super) fn same(expr: &Expression, value: &Value) -> bool {
    match (expr, &value.kind) {
        (Expression::Bool(b), Kind::Bool(v)) => **b == *v,
        (Expression::Number(n), Kind::Number(v)) => n.as_f64().is_some_and(|n| (n - v).abs() < f64::EPSILON),
        (Expression::String(s), Kind::String(v)) => s.as_str() == v,
        _ => false,
    }
}

pub(super) fn set_attribute(
    body: &mut Body,
    indent: &str,
    key: &str,
    value: &Value,
    text: &str,
) -> Result<bool, String> {
    if body.has_blocks(key) || body.get_blocks("dynamic").any(|b| b.has_exact_labels(&[key])) {
        return Err(format!("`{key}` is written as a block"));
    }
    if let Some(mut attr) = body.get_attribute_mut(key) {
        let current = attr.value_mut();
        if same(current, value) {
            return Ok(false);
        }
        if !is_literal(current) {
            return Err(origin(current, text));
        }
        let decor = current.decor().clone();
        let mut replacement = expression(value)?;
        *replacement.decor_mut() = decor;
        *current = replacement;
        return Ok(true);
    }
    let mut attr = Attribute::new(Decorated::new(ident(key)?), expression(value)?);
    // The new argument joins the last run of one-line arguments, whose `=` are realigned as
    // `terraform fmt` aligns them, when that run is aligned now; otherwise it starts a run of its own
    // after a blank line, which leaves every other line as it was.
    let last_attr = (0..body.len()).rev().find(|&i| body.get(i).is_some_and(Structure::is_attribute));
    let position = last_attr.map_or(0, |i| i + 1);
    let run = last_attr.map(|last| aligned_run(body, last, text)).unwrap_or_default();
    let separator = if let Some(first) = run.first().copied() {
        let width = run
            .iter()
            .filter_map(|&i| body.get(i).and_then(Structure::as_attribute))
            .map(|a| a.key.len())
            .chain([key.len()])
            .max()
            .unwrap_or_default()
            + 1;
        for i in first..position {
            if let Some(Structure::Attribute(a)) = body.get_mut(i) {
                let pad = width - a.key.len();
                a.key.decor_mut().set_suffix(" ".repeat(pad));
            }
        }
        attr.key.decor_mut().set_suffix(" ".repeat(width - key.len()));
        ""
    } else if last_attr.is_some() {
        "\n"
    } else {
        ""
    };
    attr.decor_mut().set_prefix(format!("{separator}{indent}"));
    if body.is_empty() {
        body.set_prefer_oneline(false);
        let outer = indent.strip_suffix("  ").unwrap_or_default().to_string();
        body.decor_mut().set_suffix(outer);
    } else if position == 0 {
        // Arguments go before the nested blocks, the first of which now follows an argument.
        if let Some(first) = body.get_mut(0) {
            let prefix = first.decor().prefix().map(|p| p.to_string()).unwrap_or_default();
            if !prefix.starts_with('\n') {
                first.decor_mut().set_prefix(format!("\n{prefix}"));
            }
        }
    }
    body.insert(position, attr);
    Ok(true)
}

/// The run of one-line arguments that ends at `last`, when their `=` are aligned (as `terraform fmt`
/// leaves them); empty otherwise.
fn aligned_run(body: &Body, last: usize, text: &str) -> Vec<usize> {
    let mut run = Vec::new();
    let mut column = None;
    let mut i = last;
    while let Some(a) = body.get(i).and_then(Structure::as_attribute) {
        // A value without a span is one this fix added: a one-line literal.
        let one_line = a.value.span().and_then(|r| text.get(r)).is_none_or(|v| !v.contains('\n'));
        let gap = a.key.decor().suffix().map_or_else(|| Some(1), |s| s.trim().is_empty().then_some(s.len()));
        let (true, Some(gap)) = (one_line, gap) else { break };
        let width = a.key.len() + gap;
        if *column.get_or_insert(width) != width {
            return Vec::new();
        }
        run.push(i);
        // A blank line or a comment above an argument ends the run.
        let prefix = a.decor().prefix().map(|p| p.to_string()).unwrap_or_default();
        if i == 0 || prefix.contains('\n') || prefix.contains('#') || prefix.contains("//") {
            break;
        }
        i -= 1;
    }
    run.reverse();
    run
}

/// Why a value written as an expression is not edited: where it comes from.
fn origin(expr: &Expression, text: &str) -> String {
    let written = expr.span().and_then(|r| text.get(r)).unwrap_or_default();
    let root = written.split(['.', '[']).next().unwrap_or_default();
    match root {
        "var" | "local" | "module" | "data" | "each" | "count" => {
            let shown: String = written.chars().take(80).collect();
            format!("the value comes from {}", crate::escape::text(shown.trim()))
        }
        _ => "the value is computed by an expression".to_string(),
    }
}

/// `text`'s syntax tree to edit: a copy of `parsed` (the scan's tree of it) when there is one, as it
/// is much cheaper than parsing the file again for each of its findings.
pub(super) fn tree(text: &str, parsed: Option<&Body>) -> Result<Body, String> {
    match parsed {
        Some(body) => Ok(body.clone()),
        None => crate::parse::terraform::parse_text(text).map_err(|e| e.message),
    }
}

/// The variable `NAME` when the attribute at `path` is written as `var.NAME` and nothing more.
pub(super) fn read_variable(body: &Body, path: &[String], text: &str) -> Option<String> {
    let (last, blocks) = path.split_last()?;
    let mut body = body;
    for segment in blocks {
        let mut found = body.get_blocks(segment);
        let (Some(block), None) = (found.next(), found.next()) else { return None };
        body = &block.body;
    }
    let written = text.get(body.get_attribute(last)?.value.span()?)?;
    variable_alone(written).map(str::to_string)
}

/// `NAME` when an expression is written as `var.NAME` and nothing more.
pub(super) fn variable_alone(written: &str) -> Option<&str> {
    let name = written.trim().strip_prefix("var.")?;
    let identifier =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    identifier.then_some(name)
}

/// Whether an expression is a literal a fix may replace: `null`, a boolean, a number, a string
/// without interpolation.
pub(super) fn is_literal(expr: &Expression) -> bool {
    matches!(expr, Expression::Null(_) | Expression::Bool(_) | Expression::Number(_) | Expression::String(_))
}

/// How many times `text` reads `var.NAME` (not `var.NAMEX`).
pub(super) fn variable_reads(text: &str, name: &str) -> usize {
    let needle = format!("var.{name}");
    text.match_indices(&needle)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + needle.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .count()
}
