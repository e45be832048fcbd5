//! The hand-written codecs against the plain ones, as property tests (seeded, shrinking to the
//! smallest failing input): base64url's tables against `base64ct` on arbitrary bytes and on
//! arbitrary text (refusals included), and the strict JSON readers against each other and
//! against `serde_json` on valid documents.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

use base64ct::{Base64UrlUnpadded, Encoding};
use jose_core::{b64, internal, json};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;

fn config(cases: u32) -> Config {
    let mut config = Config::with_cases(cases);
    if matches!(config.rng_seed, RngSeed::Random) {
        config.rng_seed = RngSeed::Fixed(0x006a_6f73_652d_3231);
    }
    config.failure_persistence = None;
    config
}

/// Bytes uniform, or drawn from 00, ff, 80, 7f, 01.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let structured = prop_oneof![
        Just(0u8),
        Just(0xff),
        Just(0x80),
        Just(0x7f),
        Just(1),
        any::<u8>()
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..700),
        proptest::collection::vec(structured, 0..700),
    ]
}

/// Text near base64url: valid encodings with one symbol changed, and strings over an
/// alphabet that has the standard alphabet's `+/=`, white space and bytes above 0x7f.
fn text() -> impl Strategy<Value = Vec<u8>> {
    let symbol = prop_oneof![
        8 => proptest::sample::select(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".to_vec()
        ),
        1 => proptest::sample::select(b"+/=. \n\t\0".to_vec()),
        1 => any::<u8>(),
    ];
    let valid = || bytes().prop_map(|b| Base64UrlUnpadded::encode_string(&b).into_bytes());
    prop_oneof![
        proptest::collection::vec(symbol.clone(), 0..80),
        valid(),
        (valid(), any::<prop::sample::Index>(), symbol).prop_map(|(mut text, at, symbol)| {
            if !text.is_empty() {
                let at = at.index(text.len());
                text[at] = symbol;
            }
            text
        }),
    ]
}

/// JSON values with distinct member names at every level, a few levels deep.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300)
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn the_public_encoder_is_base64ct(data in bytes()) {
        prop_assert_eq!(b64::encode_public(&data), Base64UrlUnpadded::encode_string(&data));
    }

    #[test]
    fn the_public_decoder_accepts_and_refuses_as_base64ct(text in text()) {
        let plain = core::str::from_utf8(&text)
            .ok()
            .and_then(|t| Base64UrlUnpadded::decode_vec(t).ok());
        prop_assert_eq!(b64::decode_public(&text).ok(), plain.clone());
        prop_assert_eq!(b64::decode(&text).ok(), plain.clone());
        let short = internal::decode_public_short::<32>(&text).map(|d| d.to_vec()).ok();
        prop_assert_eq!(short, plain);
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// On valid JSON objects: the strict value reader, the strict object reader and the
    /// one-pass reader into a type read what `serde_json` reads; and a member written twice
    /// is refused by all three.
    #[test]
    fn the_strict_readers_read_what_serde_json_reads(
        object in proptest::collection::btree_map(".{0,8}", value(), 0..8)
    ) {
        let object: serde_json::Map<String, Value> = object.into_iter().collect();
        let text = serde_json::to_vec(&object).unwrap();
        let expected: Value = serde_json::from_slice(&text).unwrap();
        prop_assert_eq!(json::parse_value(&text, 32).unwrap(), expected.clone());
        prop_assert_eq!(Value::Object(json::parse_object(&text, 32).unwrap()), expected.clone());
        let watched: Value =
            internal::from_slice_watched(&text, 32, |_| false, |_, _| {}).unwrap();
        prop_assert_eq!(watched, expected);
        if let Some((name, member)) = object.iter().next() {
            let twice = format!(
                "{{{n}:{v},{n}:{v}}}",
                n = serde_json::to_string(name).unwrap(),
                v = serde_json::to_string(member).unwrap()
            );
            let twice = twice.as_bytes();
            prop_assert!(json::parse_value(twice, 32).is_err());
            prop_assert!(json::parse_object(twice, 32).is_err());
            let watched = internal::from_slice_watched::<Value>(twice, 32, |_| false, |_, _| {});
            prop_assert!(watched.is_err());
        }
    }
}
