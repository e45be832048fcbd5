//! Writing claims as JSON, and checking them on the way: the top level must be an object with
//! no member twice, and the registered claims must have their types (RFC 7519 §4.1). The
//! claims are serialized once; only the registered claims are also captured as values, so
//! nothing is parsed back. Without `std` (serde_json's serializer needs it) the claims are
//! written, then their top level is read back strictly.

#[cfg(feature = "std")]
pub(crate) use watched::claims_json;

#[cfg(not(feature = "std"))]
use alloc::{format, string::ToString, vec::Vec};

#[cfg(not(feature = "std"))]
use jose_core::{Error, ErrorKind, Result};

#[cfg(not(feature = "std"))]
use crate::{RegisteredClaims, is_registered};

/// The claims as JSON, once they are checked.
#[cfg(not(feature = "std"))]
pub(crate) fn claims_json<T: serde::Serialize + ?Sized>(claims: &T) -> Result<Vec<u8>> {
    let invalid = |e: Error| {
        Error::new(
            ErrorKind::InvalidClaim,
            format!("the claims cannot be written as a JSON object: {e}"),
        )
    };
    let payload =
        serde_json::to_vec(claims).map_err(|e| invalid(Error::malformed(e.to_string())))?;
    // The caller's own data: no depth limit beyond serde_json's own.
    let registered = jose_core::internal::select_members(&payload, usize::MAX, is_registered)
        .map_err(invalid)?;
    RegisteredClaims::read(&registered)?;
    Ok(payload)
}

#[cfg(feature = "std")]
mod watched {
    use alloc::borrow::Cow;
    use alloc::format;
    use alloc::string::ToString;
    use alloc::vec::Vec;

    use jose_core::{Error, ErrorKind, Result};
    use serde::Serialize;
    use serde::ser::{self, Impossible, SerializeMap, SerializeStruct};
    use serde_json::Value;

    use crate::{RegisteredClaims, is_registered};

    type Json<'w> = serde_json::Serializer<&'w mut Vec<u8>>;
    type JsonMap<'a, 'w> = <&'a mut Json<'w> as ser::Serializer>::SerializeMap;
    type JsonStruct<'a, 'w> = <&'a mut Json<'w> as ser::Serializer>::SerializeStruct;

    /// The claims as JSON, once they are checked.
    pub(crate) fn claims_json<T: Serialize + ?Sized>(claims: &T) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(512);
        let mut seen = Seen::default();
        claims
            .serialize(Top {
                json: &mut Json::new(&mut out),
                seen: &mut seen,
            })
            .map_err(|e| {
                if let Some(refused) = seen.refused.take() {
                    return refused;
                }
                Error::new(
                    ErrorKind::InvalidClaim,
                    format!("the claims cannot be written as a JSON object: {e}"),
                )
            })?;
        if let Some(name) = jose_core::internal::first_duplicate(&mut seen.names) {
            return Err(Error::new(
                ErrorKind::InvalidClaim,
                format!("the claims hold `{}` twice", jose_core::echo(name)),
            ));
        }
        Ok(out)
    }

    /// What the top level held: every member name, and the registered claims (checked).
    #[derive(Default)]
    struct Seen {
        names: Vec<Cow<'static, str>>,
        registered: RegisteredClaims,
        refused: Option<Error>,
    }

    impl Seen {
        fn member<T: Serialize + ?Sized>(
            &mut self,
            name: Cow<'static, str>,
            value: &T,
        ) -> core::result::Result<(), serde_json::Error> {
            if is_registered(&name) {
                // Checked as soon as it is written: its shape carries its JSON type.
                let shape = crate::shape::of(value)?;
                if let Err(e) = self.registered.set(&name, &shape) {
                    self.refused = Some(e);
                    return Err(ser::Error::custom("a registered claim has the wrong type"));
                }
            }
            self.names.push(name);
            Ok(())
        }
    }

    fn not_an_object() -> serde_json::Error {
        ser::Error::custom("the claims are not a JSON object")
    }

    /// The serializer the claims' top level meets: a map or a struct goes through to serde_json,
    /// watched; anything else is refused.
    struct Top<'a, 'w> {
        json: &'a mut Json<'w>,
        seen: &'a mut Seen,
    }

    /// A map or a struct at the top level: every member goes to serde_json and is noted.
    struct Members<'a, 'w, C> {
        json: C,
        seen: &'a mut Seen,
        pending: Option<Cow<'static, str>>,
        _w: core::marker::PhantomData<&'w ()>,
    }

    macro_rules! refuse {
        ($($method:ident($($arg:ty),*);)*) => {
            $(fn $method(self, $(_: $arg),*) -> core::result::Result<(), serde_json::Error> {
                Err(not_an_object())
            })*
        };
    }

    impl<'a, 'w> ser::Serializer for Top<'a, 'w> {
        type Ok = ();
        type Error = serde_json::Error;
        type SerializeSeq = Impossible<(), serde_json::Error>;
        type SerializeTuple = Impossible<(), serde_json::Error>;
        type SerializeTupleStruct = Impossible<(), serde_json::Error>;
        type SerializeTupleVariant = Impossible<(), serde_json::Error>;
        type SerializeMap = Members<'a, 'w, JsonMap<'a, 'w>>;
        type SerializeStruct = Members<'a, 'w, JsonStruct<'a, 'w>>;
        type SerializeStructVariant = Impossible<(), serde_json::Error>;

        refuse! {
            serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
            serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
            serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
            serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
            serialize_unit_struct(&'static str);
            serialize_unit_variant(&'static str, u32, &'static str);
        }

        fn serialize_some<T: Serialize + ?Sized>(
            self,
            value: &T,
        ) -> core::result::Result<(), serde_json::Error> {
            value.serialize(self)
        }

        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> core::result::Result<(), serde_json::Error> {
            value.serialize(self)
        }

        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> core::result::Result<(), serde_json::Error> {
            Err(not_an_object())
        }

        fn serialize_seq(
            self,
            _: Option<usize>,
        ) -> core::result::Result<Self::SerializeSeq, serde_json::Error> {
            Err(not_an_object())
        }

        fn serialize_tuple(
            self,
            _: usize,
        ) -> core::result::Result<Self::SerializeTuple, serde_json::Error> {
            Err(not_an_object())
        }

        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> core::result::Result<Self::SerializeTupleStruct, serde_json::Error> {
            Err(not_an_object())
        }

        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> core::result::Result<Self::SerializeTupleVariant, serde_json::Error> {
            Err(not_an_object())
        }

        fn serialize_map(
            self,
            len: Option<usize>,
        ) -> core::result::Result<Self::SerializeMap, serde_json::Error> {
            Ok(Members {
                json: ser::Serializer::serialize_map(self.json, len)?,
                seen: self.seen,
                pending: None,
                _w: core::marker::PhantomData,
            })
        }

        fn serialize_struct(
            self,
            name: &'static str,
            len: usize,
        ) -> core::result::Result<Self::SerializeStruct, serde_json::Error> {
            // serde_json's raw values (its `raw_value` feature) are written unseen: refused.
            if name.starts_with("$serde_json::private::") {
                return Err(not_an_object());
            }
            Ok(Members {
                json: ser::Serializer::serialize_struct(self.json, name, len)?,
                seen: self.seen,
                pending: None,
                _w: core::marker::PhantomData,
            })
        }

        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> core::result::Result<Self::SerializeStructVariant, serde_json::Error> {
            Err(not_an_object())
        }
    }

    impl<C: SerializeMap<Ok = (), Error = serde_json::Error>> SerializeMap for Members<'_, '_, C> {
        type Ok = ();
        type Error = serde_json::Error;

        fn serialize_key<T: Serialize + ?Sized>(
            &mut self,
            key: &T,
        ) -> core::result::Result<(), serde_json::Error> {
            // serde_json writes string, number and boolean keys as strings.
            let name = match serde_json::to_value(key)? {
                Value::String(name) => name,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(ser::Error::custom("a member name must be a string")),
            };
            self.pending = Some(Cow::Owned(name));
            self.json.serialize_key(key)
        }

        fn serialize_value<T: Serialize + ?Sized>(
            &mut self,
            value: &T,
        ) -> core::result::Result<(), serde_json::Error> {
            if let Some(name) = self.pending.take() {
                self.seen.member(name, value)?;
            }
            self.json.serialize_value(value)
        }

        fn end(self) -> core::result::Result<(), serde_json::Error> {
            self.json.end()
        }
    }

    impl<C: SerializeStruct<Ok = (), Error = serde_json::Error>> SerializeStruct
        for Members<'_, '_, C>
    {
        type Ok = ();
        type Error = serde_json::Error;

        fn serialize_field<T: Serialize + ?Sized>(
            &mut self,
            name: &'static str,
            value: &T,
        ) -> core::result::Result<(), serde_json::Error> {
            self.seen.member(Cow::Borrowed(name), value)?;
            self.json.serialize_field(name, value)
        }

        fn skip_field(
            &mut self,
            name: &'static str,
        ) -> core::result::Result<(), serde_json::Error> {
            self.json.skip_field(name)
        }

        fn end(self) -> core::result::Result<(), serde_json::Error> {
            self.json.end()
        }
    }
}
