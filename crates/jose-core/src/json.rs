//! Strict JSON reading: the RFC 8259 grammar as `serde_json` reads it, plus the rules JOSE needs
//! (RFC 7515 §5.2, RFC 7516 §5.2, RFC 7517 §4, RFC 7519 §4): a duplicate member name is an
//! error, not "last one wins", and nesting deeper than the limit is refused before it costs
//! anything.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

#[cfg(doc)]
use crate::ErrorKind;
use crate::{Error, Result};

/// A JSON object as the crates hold it.
pub type Object = Map<String, Value>;

/// Parses one JSON value from `bytes`, refusing duplicate members and nesting deeper than
/// `max_depth` (a scalar has depth 0, `{}` and `[]` depth 1).
///
/// # Errors
/// [`ErrorKind::Malformed`] for invalid JSON, trailing data or a duplicate member;
/// [`ErrorKind::LimitExceeded`] for nesting deeper than `max_depth`.
pub fn parse_value(bytes: &[u8], max_depth: usize) -> Result<Value> {
    let limit_hit = Cell::new(false);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Strict {
        depth_left: max_depth,
        limit_hit: &limit_hit,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| {
        if limit_hit.get() {
            Error::limit(format!("JSON nested deeper than {max_depth}"))
        } else {
            Error::malformed(format!("invalid JSON: {e}"))
        }
    })
}

/// Parses a JSON object (the only top-level value JOSE headers, claims and keys may be).
///
/// # Errors
/// As [`parse_value`], and [`ErrorKind::Malformed`] when the value is not an object.
pub fn parse_object(bytes: &[u8], max_depth: usize) -> Result<Object> {
    match parse_value(bytes, max_depth)? {
        Value::Object(map) => Ok(map),
        other => Err(Error::malformed(format!(
            "expected a JSON object, found {}",
            type_name(&other)
        ))),
    }
}

/// Reads a value through any serde [`Deserializer`](de::Deserializer) with the same rules as
/// [`parse_value`]; used by the `Deserialize` impls of the crates' types so that they stay
/// strict whatever format they are read from.
///
/// # Errors
/// The deserializer's own error for invalid input, a duplicate member, or nesting deeper than
/// `max_depth`.
pub fn deserialize_value<'de, D: de::Deserializer<'de>>(
    deserializer: D,
    max_depth: usize,
) -> core::result::Result<Value, D::Error> {
    let limit_hit = Cell::new(false);
    Strict {
        depth_left: max_depth,
        limit_hit: &limit_hit,
    }
    .deserialize(deserializer)
}

/// The JSON type of `value`, for messages ("`exp` must be a number, found string").
#[must_use]
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Removes member `name` from `object` and returns it as a string, if present.
///
/// # Errors
/// [`ErrorKind::Malformed`] when the member is present but not a string.
pub fn take_string(object: &mut Object, name: &str) -> Result<Option<String>> {
    match object.remove(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::malformed(format!(
            "`{name}` must be a string, found {}",
            type_name(&other)
        ))),
    }
}

/// Removes member `name` from `object` and returns it as an array of strings, if present.
///
/// # Errors
/// [`ErrorKind::Malformed`] when the member is present but not an array of strings.
pub fn take_string_array(object: &mut Object, name: &str) -> Result<Option<Vec<String>>> {
    match object.remove(name) {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(Error::malformed(format!(
                    "`{name}` must hold strings, found {}",
                    type_name(&other)
                ))),
            })
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(other) => Err(Error::malformed(format!(
            "`{name}` must be an array, found {}",
            type_name(&other)
        ))),
    }
}

struct Strict<'a> {
    depth_left: usize,
    limit_hit: &'a Cell<bool>,
}

impl Strict<'_> {
    fn nested<E: de::Error>(&self) -> core::result::Result<Self, E> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(Strict {
                depth_left,
                limit_hit: self.limit_hit,
            }),
            None => {
                self.limit_hit.set(true);
                Err(E::custom("JSON nested too deeply"))
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> core::result::Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> core::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> core::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> core::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> core::result::Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> core::result::Result<Value, E> {
        Ok(Value::String(v.into()))
    }

    fn visit_string<E>(self, v: String) -> core::result::Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> core::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> core::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> core::result::Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Strict {
            depth_left: inner.depth_left,
            limit_hit: inner.limit_hit,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Strict {
                depth_left: inner.depth_left,
                limit_hit: inner.limit_hit,
            })?;
            // One lookup finds a duplicate and makes room for a new member.
            match object.entry(key) {
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                serde_json::map::Entry::Occupied(slot) => {
                    return Err(de::Error::custom(format!(
                        "duplicate member `{}`",
                        slot.key().escape_debug()
                    )));
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn kind(bytes: &[u8], depth: usize) -> core::result::Result<Value, ErrorKind> {
        parse_value(bytes, depth).map_err(|e| e.kind())
    }

    #[test]
    fn reads_ordinary_json() {
        let v = kind(
            br#"{"a":[1,2,{"b":null}],"c":"\u00e9","d":-1.5,"e":true}"#,
            32,
        );
        assert!(v.is_ok());
    }

    #[test]
    fn refuses_duplicate_members_at_any_depth() {
        assert_eq!(kind(br#"{"a":1,"a":1}"#, 32), Err(ErrorKind::Malformed));
        assert_eq!(
            kind(br#"{"x":{"a":1,"a":2}}"#, 32),
            Err(ErrorKind::Malformed)
        );
        assert_eq!(kind(br#"[{"a":1,"a":2}]"#, 32), Err(ErrorKind::Malformed));
        // An escaped spelling of the same name is the same name.
        assert_eq!(
            kind(br#"{"a":1,"\u0061":2}"#, 32),
            Err(ErrorKind::Malformed)
        );
    }

    #[test]
    fn limits_depth() {
        assert!(kind(b"1", 0).is_ok());
        assert_eq!(kind(b"[]", 0), Err(ErrorKind::LimitExceeded));
        assert!(kind(b"[[]]", 2).is_ok());
        assert_eq!(kind(b"[[[]]]", 2), Err(ErrorKind::LimitExceeded));
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(kind(deep.as_bytes(), 32), Err(ErrorKind::LimitExceeded));
    }

    #[test]
    fn refuses_trailing_data_and_bad_syntax() {
        assert_eq!(kind(b"{} {}", 32), Err(ErrorKind::Malformed));
        assert_eq!(kind(b"{\"a\":}", 32), Err(ErrorKind::Malformed));
        assert_eq!(kind(b"", 32), Err(ErrorKind::Malformed));
        assert_eq!(kind(b"\xff", 32), Err(ErrorKind::Malformed));
    }

    #[test]
    fn parse_object_requires_an_object() {
        assert_eq!(
            parse_object(b"[1]", 32).map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
        assert!(parse_object(b"{}", 32).is_ok());
    }

    #[test]
    fn take_helpers_check_types() {
        let mut o = parse_object(br#"{"s":"x","n":1,"a":["p"],"b":[1]}"#, 32).unwrap();
        assert_eq!(take_string(&mut o, "s").unwrap().as_deref(), Some("x"));
        assert_eq!(take_string(&mut o, "missing").unwrap(), None);
        assert_eq!(
            take_string(&mut o, "n").map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
        assert_eq!(
            take_string_array(&mut o, "a").unwrap(),
            Some(alloc::vec!["p".into()])
        );
        assert_eq!(
            take_string_array(&mut o, "b").map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
    }
}
