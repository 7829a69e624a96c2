//! The profile as compact JSON. Hand-written so the core needs no serializer; numbers use
//! Rust's shortest round-trip formatting, identical on every target.

use super::{Bound, ColumnProfile, Histogram, Profile};
use crate::format::escape_json;
use crate::number::Number;
use std::fmt::Write;

impl Profile {
    /// Compact JSON: `{"version":2,"rows":..,"rows_skipped":..,"columns":[{"name":..,...}]}`.
    /// Absent statistics are left out rather than written as null.
    pub fn to_json(&self) -> String {
        let mut s = String::new();
        write!(
            s,
            "{{\"version\":{},\"rows\":{},\"rows_skipped\":{},\"columns\":[",
            self.version, self.rows, self.rows_skipped
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
    write!(s, ",\"distinct\":{}", c.distinct).unwrap();
    if c.approximate {
        s.push_str(",\"approximate\":true");
    }
    bound(s, "min", &c.min);
    bound(s, "max", &c.max);
    if let Some(format) = &c.date_format {
        s.push_str(",\"date_format\":");
        string(s, format);
    }
    if c.date_order_ambiguous {
        s.push_str(",\"date_order_ambiguous\":true");
    }
    bound(s, "mean", &c.mean);
    if let Some(stddev) = c.stddev {
        s.push_str(",\"stddev\":");
        float(s, stddev);
    }
    for (key, value) in [("q1", &c.q1), ("median", &c.median), ("q3", &c.q3)] {
        bound(s, key, value);
    }
    for (key, n) in [("min_length", c.min_length), ("max_length", c.max_length)] {
        if let Some(n) = n {
            write!(s, ",\"{key}\":{n}").unwrap();
        }
    }
    if let Some(top) = &c.top_values {
        s.push_str(",\"top_values\":[");
        for (i, t) in top.iter().enumerate() {
            s.push_str(if i > 0 { ",{\"value\":" } else { "{\"value\":" });
            string(s, &t.value);
            write!(s, ",\"count\":{}}}", t.count).unwrap();
        }
        s.push(']');
    }
    if let Some(h) = &c.histogram {
        histogram(s, h);
    }
    s.push('}');
}

fn bound(s: &mut String, key: &str, value: &Option<Bound>) {
    match value {
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
