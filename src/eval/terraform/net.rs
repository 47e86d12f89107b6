//! `cidrsubnet`, `cidrhost`, `cidrnetmask` and OpenTofu's `cidrcontains`, for IPv4 and IPv6.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::functions::{Fail, Result, arity, err, int_arg, text_arg};
use crate::escape::quote;
use crate::source::Span;
use crate::value::{Kind, Value};

struct Cidr {
    addr: u128,
    prefix: u32,
    /// 32 or 128.
    bits: u32,
}

fn parse(s: &str) -> Result<Cidr> {
    let (ip, prefix) =
        s.split_once('/').ok_or_else(|| Fail::Error(format!("{} is not a CIDR prefix", quote(s))))?;
    let ip: IpAddr = ip.parse().map_err(|_| Fail::Error(format!("{} is not an IP address", quote(ip))))?;
    let prefix: u32 =
        prefix.parse().map_err(|_| Fail::Error(format!("invalid prefix length {}", quote(prefix))))?;
    let (addr, bits) = match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    };
    if prefix > bits {
        return err(format!("prefix length {prefix} is too long"));
    }
    Ok(Cidr { addr, prefix, bits })
}

/// `n` one bits, for n in 0..=128.
fn ones(n: u32) -> u128 {
    if n == 0 { 0 } else { u128::MAX >> (128 - n) }
}

fn show(addr: u128, bits: u32) -> String {
    if bits == 32 { Ipv4Addr::from(addr as u32).to_string() } else { Ipv6Addr::from(addr).to_string() }
}

pub(crate) fn apply(name: &str, args: &[Value], span: Span) -> Result<Value> {
    match name {
        "cidrcontains" => {
            arity(args, 2, 2)?;
            let outer = parse(&text_arg(args, 0)?)?;
            let text = text_arg(args, 1)?;
            // The second argument is an address or a prefix.
            let inner = if text.contains('/') {
                parse(&text)?
            } else {
                let ip: IpAddr = text
                    .parse()
                    .map_err(|_| Fail::Error(format!("{} is not an IP address", quote(&text))))?;
                match ip {
                    IpAddr::V4(v4) => Cidr { addr: u128::from(u32::from(v4)), prefix: 32, bits: 32 },
                    IpAddr::V6(v6) => Cidr { addr: u128::from(v6), prefix: 128, bits: 128 },
                }
            };
            if inner.bits != outer.bits {
                return err("the address families differ");
            }
            let mask = !ones(outer.bits - outer.prefix) & ones(outer.bits);
            let within = inner.prefix >= outer.prefix && inner.addr & mask == outer.addr & mask;
            Ok(Value::new(Kind::Bool(within), span))
        }
        "cidrsubnet" => {
            arity(args, 3, 3)?;
            let c = parse(&text_arg(args, 0)?)?;
            let (newbits, netnum) = (int_arg(args, 1)?, int_arg(args, 2)?);
            let new_prefix = i64::from(c.prefix) + newbits;
            if newbits < 0 || new_prefix > i64::from(c.bits) {
                return err(format!("cannot extend prefix {} by {newbits} bits", c.prefix));
            }
            let newbits = newbits as u32;
            if netnum < 0 || (netnum as u128) > ones(newbits) {
                return err(format!("network number {netnum} does not fit in {newbits} bits"));
            }
            let new_prefix = new_prefix as u32;
            let base = c.addr & !ones(c.bits - c.prefix) & ones(c.bits);
            let shift = c.bits - new_prefix;
            let net = base | if shift >= 128 { 0 } else { (netnum as u128) << shift };
            Ok(Value::string(format!("{}/{new_prefix}", show(net, c.bits)), span))
        }
        "cidrhost" => {
            arity(args, 2, 2)?;
            let c = parse(&text_arg(args, 0)?)?;
            let hostnum = int_arg(args, 1)?;
            let host_bits = c.bits - c.prefix;
            let size = ones(host_bits);
            let host = if hostnum < 0 {
                size.checked_sub(u128::from(hostnum.unsigned_abs()) - 1)
            } else {
                Some(hostnum as u128)
            };
            let host = host
                .filter(|h| *h <= size)
                .ok_or_else(|| Fail::Error(format!("host number {hostnum} is out of range")))?;
            let base = c.addr & !size & ones(c.bits);
            Ok(Value::string(show(base | host, c.bits), span))
        }
        _ => {
            arity(args, 1, 1)?;
            let c = parse(&text_arg(args, 0)?)?;
            if c.bits != 32 {
                return err("only IPv4 prefixes have a netmask");
            }
            Ok(Value::string(show(ones(32) & !ones(32 - c.prefix), 32), span))
        }
    }
}
