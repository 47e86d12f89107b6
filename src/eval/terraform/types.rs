//! Variable type constraints, and the conversion Terraform applies to every value given to a variable:
//! primitives are converted (`"3"` to a number), lists, sets, maps, tuples and objects are converted
//! item by item, attributes an object type does not declare are dropped, and `optional(T, default)`
//! fills an absent or null attribute with its default, at every depth.

use hcl_edit::expr::{Expression, ObjectKey};

use super::expr::Eval;
use crate::value::{Key, Kind, Map, Value, format_number};

/// Object types nested deeper than this are taken as `any`: no real type constraint comes close.
const MAX_DEPTH: usize = 32;

/// A type constraint as written in a `variable` block.
pub(crate) enum Type<'a> {
    Any,
    String,
    Number,
    Bool,
    /// `list(T)`, `set(T)` (sets are lists here) and `tuple([...])` with one type per item.
    List(Box<Type<'a>>),
    Tuple(Vec<Type<'a>>),
    Map(Box<Type<'a>>),
    Object(Vec<Attr<'a>>),
}

pub(crate) struct Attr<'a> {
    pub name: String,
    pub ty: Type<'a>,
    pub optional: bool,
    pub default: Option<&'a Expression>,
}

impl<'a> Type<'a> {
    /// Reads a type expression; anything not understood is `any`, which converts nothing.
    pub fn parse(expr: &'a Expression) -> Self {
        Self::parse_at(expr, 0)
    }

    fn parse_at(expr: &'a Expression, depth: usize) -> Self {
        if depth > MAX_DEPTH {
            return Type::Any;
        }
        match expr {
            Expression::Variable(v) => match v.as_str() {
                "string" => Type::String,
                "number" => Type::Number,
                "bool" => Type::Bool,
                _ => Type::Any,
            },
            Expression::Parenthesis(inner) => Self::parse_at(inner.inner(), depth + 1),
            Expression::FuncCall(call) if call.name.namespace.is_empty() => {
                let args: Vec<&Expression> = call.args.iter().collect();
                let first = || args.first().map_or(Type::Any, |a| Self::parse_at(a, depth + 1));
                match call.name.name.as_str() {
                    "list" | "set" => Type::List(Box::new(first())),
                    "map" => Type::Map(Box::new(first())),
                    "tuple" => match args.first() {
                        Some(Expression::Array(items)) => {
                            Type::Tuple(items.iter().map(|i| Self::parse_at(i, depth + 1)).collect())
                        }
                        _ => Type::Any,
                    },
                    // Attributes the type does not declare are dropped by the conversion, so a key
                    // not understood here makes the whole type `any` rather than lose data.
                    "object" => match args.first() {
                        Some(Expression::Object(object)) => object
                            .iter()
                            .map(|(key, value)| {
                                let name = match key {
                                    ObjectKey::Ident(id)
                                    | ObjectKey::Expression(Expression::Variable(id)) => {
                                        id.as_str().to_string()
                                    }
                                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                                    ObjectKey::Expression(_) => return None,
                                };
                                Some(Self::attr(name, value.expr(), depth + 1))
                            })
                            .collect::<Option<Vec<_>>>()
                            .map_or(Type::Any, Type::Object),
                        _ => Type::Any,
                    },
                    _ => Type::Any,
                }
            }
            _ => Type::Any,
        }
    }

    fn attr(name: String, expr: &'a Expression, depth: usize) -> Attr<'a> {
        if let Expression::FuncCall(call) = expr
            && call.name.namespace.is_empty()
            && call.name.name.as_str() == "optional"
        {
            let args: Vec<&Expression> = call.args.iter().collect();
            let ty = args.first().map_or(Type::Any, |a| Self::parse_at(a, depth + 1));
            return Attr { name, ty, optional: true, default: args.get(1).copied() };
        }
        Attr { name, ty: Self::parse_at(expr, depth), optional: false, default: None }
    }

    /// Converts a value to this type as Terraform does when it is assigned to the variable.
    pub fn convert(&self, ev: &mut Eval<'_, '_>, value: Value) -> Value {
        self.convert_at(ev, value, 0)
    }

    fn convert_at(&self, ev: &mut Eval<'_, '_>, value: Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return value;
        }
        let span = value.span;
        match (self, value.kind) {
            (Type::String, Kind::Number(n)) => Value::string(format_number(n), span),
            (Type::String, Kind::Bool(b)) => Value::string(b.to_string(), span),
            (Type::Number, Kind::String(s)) => match s.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Value::new(Kind::Number(n), span),
                _ => Value::new(Kind::String(s), span),
            },
            (Type::Bool, Kind::String(s)) if s == "true" || s == "false" => {
                Value::new(Kind::Bool(s == "true"), span)
            }
            (Type::List(item), Kind::List(items)) => Value::new(
                Kind::List(items.into_iter().map(|i| item.convert_at(ev, i, depth + 1)).collect()),
                span,
            ),
            (Type::Tuple(types), Kind::List(items)) => {
                let converted = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| match types.get(i) {
                        Some(t) => t.convert_at(ev, v, depth + 1),
                        None => v,
                    })
                    .collect();
                Value::new(Kind::List(converted), span)
            }
            (Type::Map(item), Kind::Map(map)) => {
                let mut out = Map::default();
                for (key, v) in map.entries {
                    out.insert(key, item.convert_at(ev, v, depth + 1));
                }
                Value::new(Kind::Map(out), span)
            }
            (Type::Object(attrs), Kind::Map(mut map)) => {
                let mut out = Map::default();
                for attr in attrs {
                    // The last of duplicate keys wins, as everywhere in Terraform.
                    let given = map.entries.iter().rposition(|(k, _)| k.name == attr.name);
                    let given = given.map(|i| map.entries.swap_remove(i));
                    match given {
                        Some((key, v)) if !matches!(v.kind, Kind::Null) => {
                            out.insert(key, attr.ty.convert_at(ev, v, depth + 1));
                        }
                        given => {
                            let Some(default) = attr.default.filter(|_| attr.optional) else {
                                // An absent attribute without default is null; a given null stays.
                                if let Some((key, v)) = given {
                                    out.insert(key, v);
                                }
                                continue;
                            };
                            let value = ev.expr(default);
                            let key = Key { name: attr.name.clone(), span: value.span };
                            out.insert(key, attr.ty.convert_at(ev, value, depth + 1));
                        }
                    }
                }
                Value::new(Kind::Map(out), span)
            }
            (_, kind) => Value::new(kind, span),
        }
    }
}
