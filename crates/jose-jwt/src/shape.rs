//! The shape of a value as serde_json would write it: a [`Value`] of the same JSON types and
//! numbers, with every string left empty and every object left empty. Enough to check a
//! registered claim's type while the claims are written, without allocating their text.

use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;
use serde::ser;
use serde_json::{Map, Number, Value};

/// The shape of `value`.
pub(crate) fn of<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    value.serialize(Shape)
}

struct Shape;

/// An array's items, or an object's members (whose shape is not needed), or a number that
/// serde_json writes as a struct (its `arbitrary_precision` feature).
pub(crate) enum Items {
    Array(Vec<Value>),
    Other,
    Number,
}

type R = Result<Value, serde_json::Error>;

fn string() -> R {
    Ok(Value::String(String::new()))
}

fn object() -> R {
    Ok(Value::Object(Map::new()))
}

fn float(f: f64) -> R {
    // serde_json writes a non-finite float as `null`.
    Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
}

impl ser::Serializer for Shape {
    type Ok = Value;
    type Error = serde_json::Error;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Items;
    type SerializeMap = Items;
    type SerializeStruct = Items;
    type SerializeStructVariant = Items;

    fn serialize_bool(self, v: bool) -> R {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> R {
        Ok(v.into())
    }
    fn serialize_i16(self, v: i16) -> R {
        Ok(v.into())
    }
    fn serialize_i32(self, v: i32) -> R {
        Ok(v.into())
    }
    fn serialize_i64(self, v: i64) -> R {
        Ok(v.into())
    }
    fn serialize_i128(self, v: i128) -> R {
        // serde_json writes it as a number.
        Ok(i64::try_from(v)
            .unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
            .into())
    }
    fn serialize_u8(self, v: u8) -> R {
        Ok(v.into())
    }
    fn serialize_u16(self, v: u16) -> R {
        Ok(v.into())
    }
    fn serialize_u32(self, v: u32) -> R {
        Ok(v.into())
    }
    fn serialize_u64(self, v: u64) -> R {
        Ok(v.into())
    }
    fn serialize_u128(self, v: u128) -> R {
        Ok(u64::try_from(v).unwrap_or(u64::MAX).into())
    }
    fn serialize_f32(self, v: f32) -> R {
        float(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> R {
        float(v)
    }
    fn serialize_char(self, _: char) -> R {
        string()
    }
    fn serialize_str(self, _: &str) -> R {
        string()
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        // serde_json writes bytes as an array of numbers.
        Ok(Value::Array(v.iter().map(|b| Value::from(*b)).collect()))
    }
    fn serialize_none(self) -> R {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> R {
        string()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> R {
        object()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items, serde_json::Error> {
        Ok(Items::Array(Vec::new()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Items, serde_json::Error> {
        Ok(Items::Array(Vec::new()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items, serde_json::Error> {
        Ok(Items::Array(Vec::new()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Items, serde_json::Error> {
        Ok(Items::Other)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Items, serde_json::Error> {
        Ok(Items::Other)
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Items, serde_json::Error> {
        // With serde_json's `arbitrary_precision`, a number is written as this struct.
        if name == "$serde_json::private::Number" {
            return Ok(Items::Number);
        }
        Ok(Items::Other)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Items, serde_json::Error> {
        Ok(Items::Other)
    }
}

impl Items {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        if let Items::Array(items) = self {
            items.push(of(value)?);
        }
        Ok(())
    }

    fn done(self) -> R {
        match self {
            Items::Array(items) => Ok(Value::Array(items)),
            Items::Number => Ok(Value::from(0)),
            Items::Other => object(),
        }
    }
}

impl ser::SerializeSeq for Items {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Self::Error> {
        self.push(v)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeTuple for Items {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Self::Error> {
        self.push(v)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Self::Error> {
        self.push(v)
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeTupleVariant for Items {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Self::Error> {
        Ok(())
    }
    fn end(self) -> R {
        object()
    }
}

impl ser::SerializeMap for Items {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Self::Error> {
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Self::Error> {
        Ok(())
    }
    fn end(self) -> R {
        object()
    }
}

impl ser::SerializeStruct for Items {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Self::Error> {
        Ok(())
    }
    fn end(self) -> R {
        self.done()
    }
}

impl ser::SerializeStructVariant for Items {
    type Ok = Value;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Self::Error> {
        Ok(())
    }
    fn end(self) -> R {
        object()
    }
}
