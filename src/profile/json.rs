//! The profile as compact JSON. Hand-written so the core needs no serializer; numbers use
//! Rust's shortest round-trip formatting, identical on every target.

use super::{Bound, ColumnProfile, Histogram, Profile};
use crate::format::escape_json;
use crate::number::Number;
use std::fmt::Write;

impl Profile {
    /// Compact JSON: `{"rows":..,"rows_skipped":..,"columns":[{"name":..,"type":..,...}]}`.
    /// Absent statistics are left out rather than written as null.
    pub fn to_json(&self) -> String {
        let mut s = String::new();
        write!(
            s,
            "{{\"rows\":{},\"rows_skipped\":{},\"columns\":[",
            self.rows, self.rows_skipped
        )
        .unwrap();
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            column(&mut s, c);
        }
        s.push_str("]}");
        s
    }
}

fn column(s: &mut String, c: &ColumnProfile) {
    s.push_str("{\"name\":");
    string(s, &c.name);
    write!(
        s,
        ",\"type\":\"{}\",\"count\":{},\"nulls\":{}",
        c.column_type.name(),
        c.count,
        c.nulls
    )
    .unwrap();
    for (key, bound) in [("min", &c.min), ("max", &c.max)] {
        match bound {
            Some(Bound::Number(n)) => {
                write!(s, ",\"{key}\":").unwrap();
                number(s, *n);
            }
            Some(Bound::Text(text)) => {
                write!(s, ",\"{key}\":").unwrap();
                string(s, text);
            }
            None => {}
        }
    }
    if let Some(format) = &c.date_format {
        s.push_str(",\"date_format\":");
        string(s, format);
    }
    if c.date_order_ambiguous {
        s.push_str(",\"date_order_ambiguous\":true");
    }
    if let Some(mean) = c.mean {
        s.push_str(",\"mean\":");
        float(s, mean);
    }
    for (key, n) in [("min_length", c.min_length), ("max_length", c.max_length)] {
        if let Some(n) = n {
            write!(s, ",\"{key}\":{n}").unwrap();
        }
    }
    if let Some(h) = &c.histogram {
        histogram(s, h);
    }
    s.push('}');
}

fn histogram(s: &mut String, h: &Histogram) {
    s.push_str(",\"histogram\":{\"start\":");
    float(s, h.start);
    s.push_str(",\"width\":");
    float(s, h.width);
    s.push_str(",\"counts\":[");
    for (i, c) in h.counts.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        write!(s, "{c}").unwrap();
    }
    s.push_str("]}");
}

fn number(s: &mut String, n: Number) {
    match n {
        Number::Int(i) => write!(s, "{i}").unwrap(),
        Number::Float(f) => float(s, f),
    }
}

/// `{:?}` gives the shortest text that reads back as the same double, always with a `.` or an
/// exponent (`2.0`, `1e-7`, `1e300`), which is valid JSON; values are finite by construction.
fn float(s: &mut String, f: f64) {
    write!(s, "{f:?}").unwrap();
}

fn string(s: &mut String, text: &str) {
    s.push('"');
    escape_json(text, |piece| s.push_str(piece));
    s.push('"');
}
