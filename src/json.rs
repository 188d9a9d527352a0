//! A small JSON reader: a [`Value`] tree and a parser that reports line and
//! column, for the dataset and boundary walkers.
//!
//! Why not `serde_json` here: the walkers need only a value tree, and in the
//! WebAssembly build serde_json's parser, its number formatting and the
//! `BTreeMap` behind its objects cost about 45 KB of code (twiggy, Nov 2026).
//! This reader is a few KB. Differences that matter to readers of errors:
//! objects keep their members in document order (problems are reported in
//! the order a person reads the file), and a repeated key is kept as written
//! ([`Map::get`] returns the last one, like serde_json).
//!
//! Limits: nesting deeper than [`MAX_DEPTH`] is an error (no stack overflow on
//! hostile input); numbers are `f64` and must be finite.
//!
//! This file has no dependencies on the rest of the crate: `build.rs` uses it
//! to read the committed TopoJSON when it encodes the embedded geometry.

use std::fmt;

/// Deepest nesting of arrays and objects accepted (serde_json's default).
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (finite `f64`).
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in document order.
    Object(Map),
}

/// A JSON number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(f64);

impl Number {
    /// The value as `f64`.
    pub fn as_f64(self) -> f64 {
        self.0
    }

    /// The value as `i64`, if it is an integer exactly representable.
    pub fn as_i64(self) -> Option<i64> {
        (self.0.fract() == 0.0 && self.0.abs() <= 9_007_199_254_740_992.0).then_some(self.0 as i64)
    }

    /// The value as `u64`, if it is a non-negative integer exactly representable.
    pub fn as_u64(self) -> Option<u64> {
        self.as_i64().and_then(|i| u64::try_from(i).ok())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_i64() {
            Some(i) => write!(f, "{i}"),
            None => write!(f, "{}", self.0),
        }
    }
}

/// A JSON object: members in document order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// The member named `key` (the last one if the key is repeated).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.get_key_value(key).map(|(_, v)| v)
    }

    /// The member named `key` with its key.
    pub fn get_key_value(&self, key: &str) -> Option<(&String, &Value)> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(k, v)| (k, v))
    }

    /// Member names in document order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// Members in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Value {
    /// The member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The number as `f64`, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    /// The number as `i64`, if this is an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The number as `u64`, if this is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// An array of arrays of integers, such as a TopoJSON Polygon's arc lists
/// (`[[0, -2], [5]]`); `None` if anything else is found.
pub fn integer_lists(value: &Value) -> Option<Vec<Vec<i64>>> {
    value
        .as_array()?
        .iter()
        .map(|list| list.as_array()?.iter().map(Value::as_i64).collect())
        .collect()
}

/// A TopoJSON MultiPolygon's arc lists: `[polygon][ring][arc]`.
pub fn integer_lists_3(value: &Value) -> Option<Vec<Vec<Vec<i64>>>> {
    value.as_array()?.iter().map(integer_lists).collect()
}

/// Compact JSON text.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write_string(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Object(map) => {
                f.write_str("{")?;
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, key)?;
                    write!(f, ":{value}")?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

/// A syntax error with its position (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What is wrong.
    pub message: &'static str,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for Error {}

/// Parses JSON text (a leading byte-order mark is allowed).
///
/// # Errors
/// The first syntax error, with line and column.
pub fn parse(text: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    parser.skip_space();
    let value = parser.value()?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> Error {
        let before = &self.text[..floor_char_boundary(self.text, self.at)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error { message, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    fn expect_word(&mut self, word: &str, value: Value) -> Result<Value, Error> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected value"))
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'n') => self.expect_word("null", Value::Null),
            Some(b't') => self.expect_word("true", Value::Bool(true)),
            Some(b'f') => self.expect_word("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(Parser::array),
            Some(b'{') => self.nested(Parser::object),
            Some(_) => Err(self.error("expected value")),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, Error>) -> Result<Value, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded"));
        }
        self.depth += 1;
        self.at += 1; // `[` or `{`
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value()?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("EOF while parsing a list")),
                Some(_) => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, Error> {
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Map(members)));
        }
        loop {
            self.skip_space();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("key must be a string")),
            }
            let key = self.string()?;
            self.skip_space();
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `:`")),
            }
            self.skip_space();
            let value = self.value()?;
            members.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(Map(members)));
                }
                None => return Err(self.error("EOF while parsing an object")),
                Some(_) => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while let Some(b'0'..=b'9') = p.peek() {
                p.at += 1;
            }
            p.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        match digits(self) {
            0 => return self.invalid_number(start),
            n if n > 1 && self.bytes[int_start] == b'0' => return self.invalid_number(start),
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return self.invalid_number(start);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if digits(self) == 0 {
                return self.invalid_number(start);
            }
        }
        match decimal(&self.text[start..self.at]) {
            v if v.is_finite() => Ok(Value::Number(Number(v))),
            _ => {
                self.at = start;
                Err(self.error("number out of range"))
            }
        }
    }

    /// An error at the start of the number being read.
    fn invalid_number(&mut self, start: usize) -> Result<Value, Error> {
        self.at = start;
        Err(self.error("invalid number"))
    }

    fn string(&mut self) -> Result<String, Error> {
        self.at += 1; // opening quote
        let mut out = String::new();
        loop {
            let run = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[run..self.at]);
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self.peek().ok_or_else(|| self.error("EOF while parsing a string"))?;
                    self.at += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => {
                            self.at -= 1;
                            return Err(self.error("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("EOF while parsing a string"))?;
        let mut value = 0;
        for &d in digits {
            let digit = (d as char).to_digit(16).ok_or_else(|| self.error("invalid escape"))?;
            value = value * 16 + digit;
        }
        self.at += 4;
        Ok(value)
    }

    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.at..].starts_with(b"\\u") {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in hex escape")),
            other => other,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid escape"))
    }
}

/// Powers of ten that are exact in `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// The value of a JSON number (already checked against the grammar).
///
/// Exact (correctly rounded, as `str::parse`) whenever the significant
/// digits fit in 2^53 (15 digits always do) and the decimal exponent is
/// within ±22: one exact integer, one exact power of ten, one rounding
/// (Clinger's fast path). That covers every figure, coordinate and code a
/// newsroom writes. Longer numbers (the 17-digit shortest round-trip form of
/// a float, say) are within a few units in the last place, a relative error
/// near 1e-16. `str::parse::<f64>` would be exact everywhere, but its tables
/// and slow paths cost 13 KB of gzipped WebAssembly.
fn decimal(text: &str) -> f64 {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent_text) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut seen_point = false;
    for b in digits.bytes() {
        match b {
            b'.' => seen_point = true,
            _ => {
                let digit = u64::from(b - b'0');
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + digit;
                    exponent -= i64::from(seen_point);
                } else {
                    exponent += i64::from(!seen_point); // digits beyond 19 only scale
                }
            }
        }
    }
    let explicit: i64 = {
        let (sign, rest) = match exponent_text.as_bytes().first() {
            Some(b'-') => (-1, &exponent_text[1..]),
            Some(b'+') => (1, &exponent_text[1..]),
            _ => (1, exponent_text),
        };
        sign * rest
            .bytes()
            .fold(0i64, |e, b| (e * 10 + i64::from(b - b'0')).min(100_000))
    };
    let exponent = exponent + explicit;
    let m = mantissa as f64;
    let value = if mantissa == 0 {
        0.0
    } else if (0..=22).contains(&exponent) {
        m * POW10[exponent as usize]
    } else if (-22..0).contains(&exponent) {
        m / POW10[(-exponent) as usize]
    } else if exponent > 400 {
        f64::INFINITY
    } else if exponent < -400 {
        0.0
    } else {
        // Two steps, so neither power over- or underflows on its own.
        let half = exponent / 2;
        m * 10f64.powi(half as i32) * 10f64.powi((exponent - half) as i32)
    };
    if negative {
        -value
    } else {
        value
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(all(test, not(target_arch = "wasm32")))] // proptest and serde_json are native dev-dependencies
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d\"\\\/\n\u00e9\ud83d\ude00"}} "#).unwrap();
        let a = v.get("a").and_then(Value::as_array).unwrap();
        assert_eq!(a[0].as_u64(), Some(1));
        assert_eq!(a[1].as_f64(), Some(-2500.0));
        assert_eq!(a[1].as_i64(), Some(-2500));
        assert_eq!(a[1].as_u64(), None);
        assert_eq!(a[2].as_bool(), Some(true));
        assert!(a[4].is_null());
        assert_eq!(
            v.get("b").and_then(|b| b.get("c")).and_then(Value::as_str),
            Some("d\"\\/\né😀")
        );
    }

    #[test]
    fn keeps_document_order_and_the_last_repeated_key() {
        let v = parse(r#"{"z": 1, "a": 2, "z": 3}"#).unwrap();
        let map = v.as_object().unwrap();
        assert_eq!(map.keys().map(String::as_str).collect::<Vec<_>>(), ["z", "a", "z"]);
        assert_eq!(map.get("z").and_then(Value::as_i64), Some(3));
    }

    #[test]
    fn writes_compact_json_that_reads_back() {
        let text = r#"{"id":"CN-BJ","n":110000,"x":1.5,"s":"a\"b\\c\nd\u0001","l":[null,true,{}]}"#;
        let v = parse(text).unwrap();
        assert_eq!(v.to_string(), text);
        assert_eq!(parse(&v.to_string()).unwrap(), v);
    }

    #[test]
    fn locates_syntax_errors() {
        let cases = [
            ("{\n  \"a\": 1,\n}", "key must be a string", 3, 1),
            ("[1, 2", "EOF while parsing a list", 1, 6),
            ("{\"a\" 1}", "expected `:`", 1, 6),
            ("[01]", "invalid number", 1, 2),
            ("[1e999]", "number out of range", 1, 2),
            ("\"\\x\"", "invalid escape", 1, 3),
            (
                "\"a\nb\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
                1,
                3,
            ),
            ("\"\\ud800\"", "lone leading surrogate in hex escape", 1, 8),
            ("nul", "expected value", 1, 1),
            ("1 2", "trailing characters", 1, 3),
            ("", "EOF while parsing a value", 1, 1),
            ("[\"長\", x]", "expected value", 1, 7),
        ];
        for (text, message, line, column) in cases {
            assert_eq!(parse(text), Err(Error { message, line, column }), "{text:?}");
        }
    }

    #[test]
    fn reads_numbers_as_the_standard_library_does() {
        let exact = [
            "0",
            "-0",
            "1",
            "-1",
            "3600",
            "0.1",
            "0.2",
            "0.3",
            "2.5e3",
            "1E-7",
            "123456789012345",
            "9007199254740992",
            "-2623219.797314597",
            "116.5484",
            "40.3828",
            "1e22",
            "1e-22",
            "0.000001",
            "99.99",
            "7e0",
        ];
        for text in exact {
            assert_eq!(decimal(text), text.parse::<f64>().unwrap(), "{text}");
        }
        // Beyond the exact path: close, finite where the value is.
        for text in [
            "241.21392477280094",
            "1638812.2597348215",
            "1.5e300",
            "2.2250738585072014e-308",
            "12345678901234567890123",
            "1e-300",
            "5e-324",
        ] {
            let (ours, std) = (decimal(text), text.parse::<f64>().unwrap());
            assert!((ours - std).abs() <= std.abs() * 1e-14, "{text}: {ours} vs {std}");
        }
        assert_eq!(decimal("1e400"), f64::INFINITY);
        assert_eq!(decimal("1e-400"), 0.0);
    }

    proptest::proptest! {
        #[test]
        fn every_fifteen_digit_decimal_is_exact(int in 0u64..1_000_000_000, frac in 0u64..1_000_000, e in -16i32..16) {
            let text = format!("{int}.{frac:06}e{e}");
            proptest::prop_assert_eq!(decimal(&text), text.parse::<f64>().unwrap());
        }
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().message, "recursion limit exceeded");
    }

    /// Same tree; numbers equal to a relative 1e-15 (see [`decimal`]).
    fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (ours, theirs) {
            (Value::Null, J::Null) => true,
            (Value::Bool(a), J::Bool(b)) => a == b,
            (Value::String(a), J::String(b)) => a == b,
            (Value::Number(a), J::Number(b)) => {
                let b = b.as_f64().unwrap_or(f64::NAN);
                (a.as_f64() - b).abs() <= b.abs() * 1e-15
            }
            (Value::Array(a), J::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
            (Value::Object(a), J::Object(b)) => {
                a.len() == b.len() && b.iter().all(|(k, v)| a.get(k).is_some_and(|x| same(x, v)))
            }
            _ => false,
        }
    }

    #[test]
    fn agrees_with_serde_json_on_the_shipped_files() {
        assert!(
            !same(&parse("[1, 2.5]").unwrap(), &serde_json::json!([1, 2.6])),
            "the comparison can fail"
        );
        for text in [
            include_str!("../assets/provinces.topo.json"),
            include_str!("../assets/data/campaign-2022.json"),
        ] {
            let ours = parse(text).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(same(&ours, &theirs));
            // Written back, it reads the same again.
            assert_eq!(parse(&ours.to_string()).unwrap().to_string(), ours.to_string());
        }
    }
}
