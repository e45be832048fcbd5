//! One strict pass from JSON text to the caller's type: [`from_slice_watched`] lets `T`'s own
//! `Deserialize` drive serde_json, and watches every step of it to apply the rules of
//! [`parse_object`](super::parse_object) (no member twice at any depth, nesting within the
//! limit, an object at the top) and to copy out the top-level members the caller asks for.
//! What `T` ignores is still read, through the same watch.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Depth, Name, Names, Object};
use crate::{Error, ErrorKind, Result};

/// Deserializes `T` from `bytes` in one pass, with the rules of
/// [`parse_object`](super::parse_object), and hands a copy of each top-level member that
/// `keep` selects to `kept`, as it is read. When `T` reads a kept member in a way the pass
/// cannot copy (as an enum), the kept members are read again, strictly, from the text, and
/// handed over again: `kept` may see a member twice, with the same value.
///
/// # Errors
/// [`ErrorKind::Malformed`] for invalid JSON, trailing data, a duplicate member or a value
/// that is not an object; [`ErrorKind::LimitExceeded`] for nesting deeper than `max_depth`;
/// [`ErrorKind::InvalidClaim`] for well-formed JSON that does not fit `T`.
pub fn from_slice_watched<T: DeserializeOwned>(
    bytes: &[u8],
    max_depth: usize,
    keep: impl Fn(&str) -> bool,
    mut kept: impl FnMut(&str, Value),
) -> Result<T> {
    // JSON whitespace, then an object: decided before `T` can call it a type mismatch.
    let text = super::object_text(bytes)?;
    let limit_hit = Cell::new(false);
    let refused = Cell::new(None);
    let uncopied = Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let rules = Rules {
        depth: Depth {
            left: max_depth,
            hit: &limit_hit,
        },
        refused: &refused,
        uncopied: &uncopied,
    };
    let value = T::deserialize(Watched {
        de: &mut de,
        rules,
        tee: None,
        top: Some(Top {
            keep: &keep,
            kept: &mut kept,
        }),
    })
    .and_then(|v| de.end().map(|()| v));
    match value {
        Ok(value) if uncopied.get() => {
            for (name, copy) in super::select_members(bytes, max_depth, &keep)? {
                kept(&name, copy);
            }
            Ok(value)
        }
        Ok(value) => Ok(value),
        Err(e) => match refused.take() {
            Some(why) if !limit_hit.get() => Err(Error::malformed(why)),
            None if e.is_data() && !limit_hit.get() => Err(Error::new(
                ErrorKind::InvalidClaim,
                format!("the JSON does not fit the expected type: {e}"),
            )),
            _ => Err(super::refusal(&e, &limit_hit, max_depth)),
        },
    }
}

/// The name serde_json gives its raw values.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// A copy of a number beyond 64 bits, as serde_json's `Value` would hold it (a float).
fn wide(exact: core::result::Result<Value, core::num::TryFromIntError>, approx: f64) -> Value {
    exact
        .unwrap_or_else(|_| serde_json::Number::from_f64(approx).map_or(Value::Null, Value::Number))
}

/// The rules every step is held to, and where a refusal's reason is kept (serde's errors
/// cannot say which kind they are).
#[derive(Clone, Copy)]
struct Rules<'a> {
    depth: Depth<'a>,
    refused: &'a Cell<Option<String>>,
    /// Set when a value to copy was read in a way that gives no copy.
    uncopied: &'a Cell<bool>,
}

impl Rules<'_> {
    fn refuse<E: de::Error>(&self, why: String) -> E {
        let error = E::custom(&why);
        self.refused.set(Some(why));
        error
    }

    fn nested<E: de::Error>(self) -> core::result::Result<Self, E> {
        Ok(Rules {
            depth: self.depth.nested()?,
            ..self
        })
    }
}

/// The top-level object: which members to copy, and where.
struct Top<'t> {
    keep: &'t dyn Fn(&str) -> bool,
    kept: &'t mut dyn FnMut(&str, Value),
}

/// A deserializer, watched. `tee` receives a copy of the value read; `top` is set for the
/// top-level value only.
struct Watched<'t, D> {
    de: D,
    rules: Rules<'t>,
    tee: Option<&'t mut Option<Value>>,
    top: Option<Top<'t>>,
}

/// A visitor, watched.
struct Watch<'t, V> {
    inner: V,
    rules: Rules<'t>,
    tee: Option<&'t mut Option<Value>>,
    top: Option<Top<'t>>,
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(
            self,
            $($arg: $ty,)*
            visitor: V,
        ) -> core::result::Result<V::Value, Self::Error> {
            let watch = Watch { inner: visitor, rules: self.rules, tee: self.tee, top: self.top };
            self.de.$method($($arg,)* watch)
        }
    )*};
}

impl<'de, D: de::Deserializer<'de>> de::Deserializer<'de> for Watched<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
    }

    /// serde_json's raw values (its `raw_value` feature) would skip the rules: refused.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> core::result::Result<V::Value, D::Error> {
        if name == RAW_VALUE {
            return Err(self
                .rules
                .refuse("a raw JSON value is not read under the strict rules".into()));
        }
        let watch = Watch {
            inner: visitor,
            rules: self.rules,
            tee: self.tee,
            top: self.top,
        };
        self.de.deserialize_newtype_struct(name, watch)
    }

    /// What `T` ignores is read all the same, so that it is held to the rules.
    fn deserialize_ignored_any<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> core::result::Result<V::Value, D::Error> {
        self.deserialize_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

impl<'t, V> Watch<'t, V> {
    fn copy(&mut self, value: impl FnOnce() -> Value) {
        if let Some(tee) = self.tee.as_deref_mut() {
            *tee = Some(value());
        }
    }

    fn not_at_top<E: de::Error>(&self) -> core::result::Result<(), E> {
        match self.top {
            Some(_) => Err(self.rules.refuse("the JSON is not an object".into())),
            None => Ok(()),
        }
    }
}

macro_rules! forward_scalar {
    ($($method:ident($ty:ty) => $value:expr;)*) => {$(
        fn $method<E: de::Error>(mut self, v: $ty) -> core::result::Result<Self::Value, E> {
            self.not_at_top()?;
            self.copy(|| $value(&v));
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Watch<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_scalar! {
        visit_bool(bool) => |v: &bool| Value::Bool(*v);
        visit_i64(i64) => |v: &i64| Value::from(*v);
        visit_u64(u64) => |v: &u64| Value::from(*v);
        visit_i128(i128) => |v: &i128| wide(i64::try_from(*v).map(Value::from), *v as f64);
        visit_u128(u128) => |v: &u128| wide(u64::try_from(*v).map(Value::from), *v as f64);
        visit_f64(f64) => |v: &f64| serde_json::Number::from_f64(*v).map_or(Value::Null, Value::Number);
        visit_str(&str) => |v: &&str| Value::String((*v).into());
        visit_borrowed_str(&'de str) => |v: &&str| Value::String((*v).into());
        visit_string(String) => |v: &String| Value::String(v.clone());
        visit_bytes(&[u8]) => |v: &&[u8]| Value::String(String::from_utf8_lossy(v).into_owned());
        visit_borrowed_bytes(&'de [u8]) => |v: &&[u8]| Value::String(String::from_utf8_lossy(v).into_owned());
        visit_byte_buf(Vec<u8>) => |v: &Vec<u8>| Value::String(String::from_utf8_lossy(v).into_owned());
    }

    fn visit_none<E: de::Error>(mut self) -> core::result::Result<V::Value, E> {
        self.not_at_top()?;
        self.copy(|| Value::Null);
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(mut self) -> core::result::Result<V::Value, E> {
        self.not_at_top()?;
        self.copy(|| Value::Null);
        self.inner.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<V::Value, D::Error> {
        self.inner.visit_some(Watched {
            de: d,
            rules: self.rules,
            tee: self.tee,
            top: self.top,
        })
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Watched {
            de: d,
            rules: self.rules,
            tee: self.tee,
            top: self.top,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> core::result::Result<V::Value, A::Error> {
        self.not_at_top()?;
        let rules = self.rules.nested()?;
        let mut items = self.tee.as_ref().map(|_| Vec::new());
        let value = self.inner.visit_seq(WatchSeq {
            seq,
            rules,
            items: items.as_mut(),
        })?;
        if let (Some(tee), Some(items)) = (self.tee, items) {
            *tee = Some(Value::Array(items));
        }
        Ok(value)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> core::result::Result<V::Value, A::Error> {
        let rules = self.rules.nested()?;
        let mut members = self.tee.as_ref().map(|_| Map::new());
        let value = self.inner.visit_map(WatchMap {
            map,
            rules,
            names: Names::default(),
            copied: None,
            members: members.as_mut(),
            top: self.top,
        })?;
        if let (Some(tee), Some(members)) = (self.tee, members) {
            *tee = Some(Value::Object(members));
        }
        Ok(value)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> core::result::Result<V::Value, A::Error> {
        self.not_at_top()?;
        if self.tee.is_some() {
            // An enum gives no copy here: the caller reads the kept members again.
            self.rules.uncopied.set(true);
        }
        let rules = self.rules.nested()?;
        self.inner.visit_enum(WatchEnum { data, rules })
    }
}

/// A value inside a watched array or object.
struct Seed<'t, S> {
    seed: S,
    rules: Rules<'t>,
    tee: Option<&'t mut Option<Value>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<S::Value, D::Error> {
        self.seed.deserialize(Watched {
            de: d,
            rules: self.rules,
            tee: self.tee,
            top: None,
        })
    }
}

struct WatchSeq<'t, A> {
    seq: A,
    rules: Rules<'t>,
    items: Option<&'t mut Vec<Value>>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for WatchSeq<'_, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> core::result::Result<Option<S::Value>, A::Error> {
        let mut copy = None;
        let tee = self.items.is_some().then_some(&mut copy);
        let element = self.seq.next_element_seed(Seed {
            seed,
            rules: self.rules,
            tee,
        })?;
        if let (Some(items), Some(copy)) = (self.items.as_deref_mut(), copy) {
            items.push(copy);
        }
        Ok(element)
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

struct WatchMap<'t, 'm, 'de, A> {
    map: A,
    rules: Rules<'t>,
    names: Names<'de>,
    /// The name of the member being read, when its value is to be copied.
    copied: Option<Name<'de>>,
    members: Option<&'m mut Object>,
    top: Option<Top<'t>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WatchMap<'_, '_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> core::result::Result<Option<S::Value>, A::Error> {
        let mut name = None;
        let key = self.map.next_key_seed(KeySeed {
            seed,
            name: &mut name,
        })?;
        if key.is_some() {
            // A name `T` reads some other way than as text (a number, say) is still a name.
            let name = name.unwrap_or(Name::Owned(String::new()));
            let copied =
                self.members.is_some() || self.top.as_ref().is_some_and(|t| (t.keep)(&name));
            self.copied = copied.then(|| name.clone());
            if let Err(name) = self.names.insert(name) {
                return Err(self
                    .rules
                    .refuse(format!("duplicate member `{}`", crate::echo(&name))));
            }
        }
        Ok(key)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> core::result::Result<S::Value, A::Error> {
        let copied = self.copied.take();
        let mut copy = None;
        let value = self.map.next_value_seed(Seed {
            seed,
            rules: self.rules,
            tee: copied.is_some().then_some(&mut copy),
        })?;
        if let (Some(name), Some(copy)) = (copied, copy) {
            match (&mut self.members, &mut self.top) {
                (Some(members), _) => {
                    members.insert(name.to_string(), copy);
                }
                (None, Some(top)) => (top.kept)(&name, copy),
                (None, None) => {}
            }
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A member name: noted as text, whatever `T` makes of it.
struct KeySeed<'n, 'de, S> {
    seed: S,
    name: &'n mut Option<Name<'de>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<S::Value, D::Error> {
        self.seed.deserialize(KeyDe {
            de: d,
            name: self.name,
        })
    }
}

struct KeyDe<'n, 'de, D> {
    de: D,
    name: &'n mut Option<Name<'de>>,
}

struct KeyVisit<'n, 'de, V> {
    inner: V,
    name: &'n mut Option<Name<'de>>,
}

macro_rules! forward_key_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(
            self,
            $($arg: $ty,)*
            visitor: V,
        ) -> core::result::Result<V::Value, Self::Error> {
            self.de.$method($($arg,)* KeyVisit { inner: visitor, name: self.name })
        }
    )*};
}

impl<'de, D: de::Deserializer<'de>> de::Deserializer<'de> for KeyDe<'_, 'de, D> {
    type Error = D::Error;

    forward_key_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

macro_rules! note_key {
    ($($method:ident($ty:ty) => $name:expr;)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> core::result::Result<Self::Value, E> {
            *self.name = Some($name(&v));
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisit<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(KeyDe {
            de: d,
            name: self.name,
        })
    }

    fn visit_some<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> core::result::Result<V::Value, D::Error> {
        self.inner.visit_some(KeyDe {
            de: d,
            name: self.name,
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> core::result::Result<V::Value, A::Error> {
        self.inner.visit_enum(KeyEnum {
            data,
            name: self.name,
        })
    }

    note_key! {
        visit_borrowed_str(&'de str) => |v: &&'de str| Name::Borrowed(v);
        visit_str(&str) => |v: &&str| Name::Owned((*v).into());
        visit_string(String) => |v: &String| Name::Owned(v.clone());
        visit_bytes(&[u8]) => |v: &&[u8]| Name::Owned(String::from_utf8_lossy(v).into_owned());
        visit_borrowed_bytes(&'de [u8]) => |v: &&[u8]| Name::Owned(String::from_utf8_lossy(v).into_owned());
        visit_byte_buf(Vec<u8>) => |v: &Vec<u8>| Name::Owned(String::from_utf8_lossy(v).into_owned());
        visit_bool(bool) => |v: &bool| Name::Owned(v.to_string());
        visit_i64(i64) => |v: &i64| Name::Owned(v.to_string());
        visit_u64(u64) => |v: &u64| Name::Owned(v.to_string());
        visit_i128(i128) => |v: &i128| Name::Owned(v.to_string());
        visit_u128(u128) => |v: &u128| Name::Owned(v.to_string());
        visit_f64(f64) => |v: &f64| Name::Owned(v.to_string());
    }
}

/// A member name read as an enum's variant: noted as text.
struct KeyEnum<'n, 'de, A> {
    data: A,
    name: &'n mut Option<Name<'de>>,
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for KeyEnum<'_, 'de, A> {
    type Error = A::Error;
    type Variant = A::Variant;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> core::result::Result<(S::Value, A::Variant), A::Error> {
        self.data.variant_seed(KeySeed {
            seed,
            name: self.name,
        })
    }
}

struct WatchEnum<'t, A> {
    data: A,
    rules: Rules<'t>,
}

struct WatchVariant<'t, A> {
    variant: A,
    rules: Rules<'t>,
}

impl<'t, 'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for WatchEnum<'t, A> {
    type Error = A::Error;
    type Variant = WatchVariant<'t, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> core::result::Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.data.variant_seed(seed)?;
        Ok((
            value,
            WatchVariant {
                variant,
                rules: self.rules,
            },
        ))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for WatchVariant<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> core::result::Result<(), A::Error> {
        self.variant.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> core::result::Result<S::Value, A::Error> {
        self.variant.newtype_variant_seed(Seed {
            seed,
            rules: self.rules,
            tee: None,
        })
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> core::result::Result<V::Value, A::Error> {
        self.variant.tuple_variant(
            len,
            Watch {
                inner: visitor,
                rules: self.rules,
                tee: None,
                top: None,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> core::result::Result<V::Value, A::Error> {
        self.variant.struct_variant(
            fields,
            Watch {
                inner: visitor,
                rules: self.rules,
                tee: None,
                top: None,
            },
        )
    }
}
