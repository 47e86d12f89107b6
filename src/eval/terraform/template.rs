//! String templates and heredocs: interpolation, `%{ if }` and `%{ for }` directives, strip markers.

use hcl_edit::template::{Directive, Element, Template};

use super::expr::{Eval, MAX_STRING, bool_of, respan};
use crate::source::Span;
use crate::value::{Kind, Value, format_number};

impl Eval<'_, '_> {
    pub(crate) fn template(&mut self, template: &Template, span: Span) -> Value {
        // `"${x}"` is x itself, of whatever type, as in Terraform.
        if let [Element::Interpolation(i)] = template.iter().collect::<Vec<_>>().as_slice() {
            return self.expr(&i.expr);
        }
        let mut out = String::new();
        let mut strip_next = false;
        match self.render(template, &mut out, &mut strip_next) {
            Ok(()) => Value::string(out, span),
            Err(unknown) => {
                let mut value = respan(&unknown, span);
                // Interpolating null is an error in Terraform: a template always yields a string.
                if let Kind::Unknown(u) = &mut value.kind {
                    u.present = true;
                }
                value
            }
        }
    }

    fn render(&mut self, template: &Template, out: &mut String, strip_next: &mut bool) -> Result<(), Value> {
        for element in template {
            match element {
                Element::Literal(s) => {
                    let s: &str = s.value();
                    out.push_str(if *strip_next { s.trim_start() } else { s });
                    *strip_next = false;
                }
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        trim_end(out);
                    }
                    let v = self.expr(&i.expr);
                    self.append(out, &v)?;
                    *strip_next = i.strip.strip_end();
                }
                Element::Directive(d) => match &**d {
                    Directive::If(dir) => {
                        if dir.if_expr.strip.strip_start() {
                            trim_end(out);
                        }
                        let c = self.expr(&dir.if_expr.cond_expr);
                        let cond = match (bool_of(&c), c.is_unknown()) {
                            (Some(b), _) => b,
                            (None, true) => return Err(c),
                            (None, false) => {
                                return Err(self.error("template condition is not a bool", c.span));
                            }
                        };
                        if cond {
                            *strip_next = dir.if_expr.strip.strip_end();
                            self.render(&dir.if_expr.template, out, strip_next)?;
                        } else if let Some(e) = &dir.else_expr {
                            *strip_next = e.strip.strip_end();
                            self.render(&e.template, out, strip_next)?;
                        }
                        if dir.endif_expr.strip.strip_start() {
                            trim_end(out);
                        }
                        *strip_next = dir.endif_expr.strip.strip_end();
                    }
                    Directive::For(dir) => {
                        let f = &dir.for_expr;
                        let coll = self.expr(&f.collection_expr);
                        let items = self.items(coll)?;
                        for (k, v) in items {
                            self.bind(f.key_var.as_ref(), &f.value_var, k, v);
                            *strip_next = f.strip.strip_end();
                            let result = self.render(&f.template, out, strip_next);
                            self.unbind(f.key_var.as_ref());
                            result?;
                            if dir.endfor_expr.strip.strip_start() {
                                trim_end(out);
                            }
                        }
                        *strip_next = dir.endfor_expr.strip.strip_end();
                    }
                },
            }
            if out.len() > MAX_STRING {
                return Err(self.error("string longer than 1 MB", Span::default()));
            }
        }
        Ok(())
    }

    fn append(&mut self, out: &mut String, v: &Value) -> Result<(), Value> {
        match &v.kind {
            Kind::String(s) => out.push_str(s),
            Kind::Number(n) => out.push_str(&format_number(*n)),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Unknown(_) => return Err(v.clone()),
            Kind::Null => return Err(self.error("cannot insert null into a string", v.span)),
            Kind::List(_) | Kind::Map(_) => {
                return Err(self.error("cannot insert a list or object into a string", v.span));
            }
        }
        Ok(())
    }
}

fn trim_end(out: &mut String) {
    let len = out.trim_end().len();
    out.truncate(len);
}
