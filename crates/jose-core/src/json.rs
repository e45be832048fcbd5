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

pub(crate) mod watch;

/// A JSON object as the crates hold it.
pub type Object = Map<String, Value>;

/// The JSON text as UTF-8, checked once for the whole text (serde_json then reads it as a
/// `str`, without checking each string again). Whatever is not UTF-8 is not JSON either.
fn text(bytes: &[u8]) -> Result<&str> {
    core::str::from_utf8(bytes).map_err(|_| Error::malformed("invalid JSON: not UTF-8"))
}

/// [`text`] of what must be one JSON object: anything else (after JSON whitespace) is refused
/// first, the same way by every reader, whatever else is wrong with it.
fn object_text(bytes: &[u8]) -> Result<&str> {
    let first = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        return Err(Error::malformed("the JSON is not an object"));
    }
    text(bytes)
}

/// Parses one JSON value from `bytes`, refusing duplicate members and nesting deeper than
/// `max_depth` (a scalar has depth 0, `{}` and `[]` depth 1).
///
/// # Errors
/// [`ErrorKind::Malformed`] for invalid JSON, trailing data or a duplicate member;
/// [`ErrorKind::LimitExceeded`] for nesting deeper than `max_depth`.
pub fn parse_value(bytes: &[u8], max_depth: usize) -> Result<Value> {
    parse_text(text(bytes)?, max_depth)
}

fn parse_text(text: &str, max_depth: usize) -> Result<Value> {
    let limit_hit = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict {
        depth_left: max_depth,
        limit_hit: &limit_hit,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| refusal(&e, &limit_hit, max_depth))
}

/// The error of a strict read that failed: `limit-exceeded` when the depth limit was hit,
/// `malformed` otherwise.
fn refusal(e: &serde_json::Error, limit_hit: &Cell<bool>, max_depth: usize) -> Error {
    if limit_hit.get() {
        Error::limit(format!("JSON nested deeper than {max_depth}"))
    } else {
        Error::malformed(format!("invalid JSON: {e}"))
    }
}

/// Checks `bytes` exactly as [`parse_object`] does (the same refusals: duplicate members at
/// any depth, nesting deeper than `max_depth`, anything but one object), but builds only the
/// top-level members that `keep` selects: the rest is checked and skipped. For reading the
/// registered claims of a token whose claims the caller deserializes into its own type.
///
/// # Errors
/// As [`parse_object`].
pub(crate) fn select_members(
    bytes: &[u8],
    max_depth: usize,
    keep: impl Fn(&str) -> bool,
) -> Result<Object> {
    let limit_hit = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(object_text(bytes)?);
    let object = de::Deserializer::deserialize_map(
        &mut de,
        Select {
            depth: Depth {
                left: max_depth,
                hit: &limit_hit,
            },
            keep,
        },
    )
    .and_then(|v| de.end().map(|()| v));
    object.map_err(|e| refusal(&e, &limit_hit, max_depth))
}

/// Parses a JSON object (the only top-level value JOSE headers, claims and keys may be).
///
/// # Errors
/// As [`parse_value`], and [`ErrorKind::Malformed`] when the value is not an object.
pub fn parse_object(bytes: &[u8], max_depth: usize) -> Result<Object> {
    match parse_text(object_text(bytes)?, max_depth)? {
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
            // One lookup finds a duplicate (as soon as its name is read, before its value) and
            // makes room for a new member.
            match object.entry(key) {
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(Strict {
                        depth_left: inner.depth_left,
                        limit_hit: inner.limit_hit,
                    })?);
                }
                serde_json::map::Entry::Occupied(slot) => {
                    return Err(de::Error::custom(format!(
                        "duplicate member `{}`",
                        crate::echo(slot.key())
                    )));
                }
            }
        }
        Ok(Value::Object(object))
    }
}

/// How much deeper a value may nest.
#[derive(Clone, Copy)]
struct Depth<'a> {
    left: usize,
    hit: &'a Cell<bool>,
}

impl Depth<'_> {
    fn nested<E: de::Error>(self) -> core::result::Result<Self, E> {
        match self.left.checked_sub(1) {
            Some(left) => Ok(Depth { left, ..self }),
            None => {
                self.hit.set(true);
                Err(E::custom("JSON nested too deeply"))
            }
        }
    }
}

/// A member name, borrowed from the input when it has no escape.
#[derive(Clone)]
enum Name<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl core::ops::Deref for Name<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Name::Borrowed(name) => name,
            Name::Owned(name) => name,
        }
    }
}

impl PartialEq for Name<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Name<'_> {}

impl PartialOrd for Name<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name<'_> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

/// The member names of one object, so that a duplicate is refused as soon as it comes: a
/// list while there are few, a sorted set beyond (a huge object costs `n log n`).
#[derive(Default)]
struct Names<'de> {
    /// A fingerprint of each of `few` (the length and three bytes), compared before the text.
    prints: [u64; Names::FEW],
    few: Vec<Name<'de>>,
    many: alloc::collections::BTreeSet<Name<'de>>,
}

impl<'de> Names<'de> {
    const FEW: usize = 16;

    /// The length and three of the bytes: names that differ mostly differ here.
    fn fingerprint(name: &str) -> u64 {
        let bytes = name.as_bytes();
        let at = |i: usize| u64::from(bytes.get(i).copied().unwrap_or_default());
        (bytes.len() as u64) << 24
            | at(0) << 16
            | at(bytes.len() / 2) << 8
            | at(bytes.len().saturating_sub(1))
    }

    /// Notes `name`; gives it back when it was already there.
    fn insert(&mut self, name: Name<'de>) -> core::result::Result<(), Name<'de>> {
        let len = self.few.len();
        if self.many.is_empty() && len < Self::FEW {
            let print = Self::fingerprint(&name);
            let earlier = self.prints.get(..len).unwrap_or_default();
            if earlier.contains(&print) && self.few.contains(&name) {
                return Err(name);
            }
            if let Some(slot) = self.prints.get_mut(len) {
                *slot = print;
            }
            if len == 0 {
                self.few.reserve_exact(Self::FEW);
            }
            self.few.push(name);
            return Ok(());
        }
        self.many.extend(self.few.drain(..));
        if self.many.contains(&name) {
            return Err(name);
        }
        self.many.insert(name);
        Ok(())
    }
}

impl<'de> de::Deserialize<'de> for Name<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> core::result::Result<Name<'de>, E> {
                Ok(Name::Borrowed(v))
            }
            fn visit_str<E>(self, v: &str) -> core::result::Result<Name<'de>, E> {
                Ok(Name::Owned(v.into()))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// Which JSON serialization a document is: a JWS (RFC 7515 §7.2) or a JWE (RFC 7516 §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::exhaustive_enums)] // RFC 7515 and RFC 7516 are the only two: it cannot grow
pub enum Serialization {
    /// `payload`, `signatures` or `signature`.
    Jws,
    /// `unprotected`, `recipients`, `encrypted_key`, `iv`, `ciphertext`, `tag` or `aad`.
    Jwe,
}

/// The members only a JSON JWS has.
const JWS_ONLY: [&str; 3] = ["payload", "signatures", "signature"];
/// The members only a JSON JWE has.
const JWE_ONLY: [&str; 7] = [
    "unprotected",
    "recipients",
    "encrypted_key",
    "iv",
    "ciphertext",
    "tag",
    "aad",
];

impl Serialization {
    /// What a JSON document is, by its members: one document has one meaning, so a document
    /// with members of both kinds (which could verify as a JWS and decrypt as a JWE to
    /// different contents) is refused.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for members of both kinds, or of neither.
    pub fn of(object: &Object) -> Result<Self> {
        let has = |names: &[&str]| names.iter().any(|n| object.contains_key(*n));
        match (has(&JWS_ONLY), has(&JWE_ONLY)) {
            (true, true) => Err(Error::malformed(
                "the JSON document has members of both a JWS and a JWE",
            )),
            (true, false) => Ok(Self::Jws),
            (false, true) => Ok(Self::Jwe),
            (false, false) => Err(Error::malformed(
                "the JSON document is neither a JWS nor a JWE",
            )),
        }
    }

    /// Refuses a document that is not exactly of this serialization.
    ///
    /// # Errors
    /// As [`Serialization::of`], and [`ErrorKind::Malformed`] for the other kind.
    pub fn require(self, object: &Object) -> Result<()> {
        match Self::of(object)? {
            found if found == self => Ok(()),
            Self::Jws => Err(Error::malformed(
                "this is a JSON JWS, not a JWE: use the JWS API",
            )),
            Self::Jwe => Err(Error::malformed(
                "this is a JSON JWE, not a JWS: use the JWE API",
            )),
        }
    }
}

/// A name that appears twice among `names`, if one does: pairwise for a few (fingerprints
/// first), sorted for many (so a huge object costs `n log n`; `names` may be reordered).
pub(crate) fn first_duplicate<S: core::ops::Deref<Target = str>>(names: &mut [S]) -> Option<&str> {
    if names.len() <= Names::FEW {
        let mut prints = [0u64; Names::FEW];
        for (print, name) in prints.iter_mut().zip(names.iter()) {
            *print = Names::fingerprint(name);
        }
        for i in 1..names.len() {
            if let (Some(earlier), Some(print), Some(name)) =
                (prints.get(..i), prints.get(i), names.get(i))
                && earlier.contains(print)
                && names.iter().take(i).any(|e| **e == **name)
            {
                return Some(name);
            }
        }
        return None;
    }
    // The key is borrowed from each element, which `sort_unstable_by_key` cannot express.
    #[allow(clippy::unnecessary_sort_by)]
    names.sort_unstable_by(|a, b| (**a).cmp(&**b));
    let pair = names
        .windows(2)
        .find(|p| matches!(p, [a, b] if **a == **b))?;
    pair.first().map(|name| &**name)
}

fn duplicate<E: de::Error>(name: &str) -> E {
    E::custom(format!("duplicate member `{}`", crate::echo(name)))
}

/// The top-level object of [`select_members`].
struct Select<'a, F> {
    depth: Depth<'a>,
    keep: F,
}

impl<'de, F: Fn(&str) -> bool> Visitor<'de> for Select<'_, F> {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<Object, A::Error> {
        let inner = self.depth.nested()?;
        let mut object = Map::new();
        let mut names = Names::default();
        while let Some(name) = map.next_key::<Name<'de>>()? {
            let kept = (self.keep)(&name).then(|| String::from(&*name));
            if let Err(name) = names.insert(name) {
                return Err(duplicate(&name));
            }
            if let Some(name) = kept {
                let value = map.next_value_seed(Strict {
                    depth_left: inner.left,
                    limit_hit: inner.hit,
                })?;
                object.insert(name, value);
            } else {
                map.next_value_seed(Check(inner))?;
            }
        }
        Ok(object)
    }
}

/// Checks a value as [`Strict`] would read it, and builds nothing.
struct Check<'a>(Depth<'a>);

impl<'de> DeserializeSeed<'de> for Check<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> core::result::Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Check<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> core::result::Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> core::result::Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> core::result::Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> core::result::Result<(), E> {
        // As `Strict`: a number JSON can hold but `Value` cannot is refused.
        if v.is_finite() {
            Ok(())
        } else {
            Err(E::custom("number out of range"))
        }
    }

    fn visit_str<E>(self, _: &str) -> core::result::Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> core::result::Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> core::result::Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> core::result::Result<(), A::Error> {
        let inner = self.0.nested()?;
        while seq.next_element_seed(Check(inner))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<(), A::Error> {
        let inner = self.0.nested()?;
        let mut names = Names::default();
        while let Some(name) = map.next_key::<Name<'de>>()? {
            if let Err(name) = names.insert(name) {
                return Err(duplicate(&name));
            }
            map.next_value_seed(Check(inner))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::watch::from_slice_watched;
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

    /// `select_members` accepts and refuses exactly what `parse_object` does, and keeps the
    /// members it is asked for.
    #[test]
    fn select_members_is_as_strict_as_parse_object() {
        let many: String = (0..40).map(|i| format!("\"k{i}\":{i},")).collect();
        let inputs = [
            String::from(r#"{"a":1,"b":{"c":[1,{"d":null}]},"e":"x"}"#),
            String::from(r#"{"a":1,"a":2}"#),
            String::from(r#"{"b":1,"b":2}"#),
            String::from(r#"{"a":1,"\u0061":2}"#),
            String::from(r#"{"b":{"c":1,"c":2}}"#),
            String::from(r#"{"b":[{"c":1,"c":2}]}"#),
            String::from(r#"{"a":{"c":1,"c":2}}"#),
            format!("{{{many}\"a\":1}}"),
            format!("{{{many}\"k7\":1}}"),
            format!("{{\"b\":{{{many}\"k39\":1}}}}"),
            String::from(r#"{"b":[[[[1]]]]}"#),
            String::from(r#"{"a":[[[[1]]]]}"#),
            String::from(r#"{"a":1} x"#),
            String::from(r#"[1]"#),
            String::from(r#""a""#),
            String::from(r#"{"b":1e999}"#),
            String::from(r#"{"b":-0.5,"c":true,"d":false,"e":null,"f":"\n\u00e9"}"#),
            String::from(r#"{"a":1"#),
            // A duplicate whose value is also too deep: the name is refused first.
            String::from(r#"{"b":1,"b":[[[[[1]]]]]}"#),
        ];
        for input in &inputs {
            for depth in [3, 4, 32] {
                let full = parse_object(input.as_bytes(), depth);
                // The one-pass reader, into a JSON value and into a type that ignores all
                // but `a`, refuses alike.
                let mut kept = Object::new();
                let watched = from_slice_watched::<Value>(
                    input.as_bytes(),
                    depth,
                    |n| n == "a",
                    |n, v| {
                        kept.insert(n.into(), v);
                    },
                );
                match (&full, watched) {
                    (Ok(full), Ok(value)) => {
                        assert_eq!(value, Value::Object(full.clone()), "{input}");
                        let expected: Object = full
                            .iter()
                            .filter(|(n, _)| *n == "a")
                            .map(|(n, v)| (n.clone(), v.clone()))
                            .collect();
                        assert_eq!(kept, expected, "{input}");
                    }
                    (Err(full), Err(watched)) => {
                        assert_eq!(full.kind(), watched.kind(), "{input} at depth {depth}");
                    }
                    (full, watched) => panic!("{input} at {depth}: {full:?} vs {watched:?}"),
                }
                #[derive(serde::Deserialize)]
                struct OnlyA {
                    #[allow(dead_code)]
                    a: Option<Value>,
                }
                let typed =
                    from_slice_watched::<OnlyA>(input.as_bytes(), depth, |_| false, |_, _| {});
                assert_eq!(
                    full.as_ref().map(|_| ()).map_err(|e| e.kind()),
                    typed.map(|_| ()).map_err(|e| e.kind()),
                    "{input} at depth {depth} into a type"
                );
                let selected = select_members(input.as_bytes(), depth, |n| n == "a");
                match (full, selected) {
                    (Ok(full), Ok(selected)) => {
                        let expected: Object = full.into_iter().filter(|(n, _)| n == "a").collect();
                        assert_eq!(selected, expected, "{input}");
                    }
                    (Err(full), Err(selected)) => {
                        assert_eq!(full.kind(), selected.kind(), "{input} at depth {depth}");
                    }
                    (full, selected) => panic!("{input} at {depth}: {full:?} vs {selected:?}"),
                }
            }
        }
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
