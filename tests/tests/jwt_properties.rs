//! Property tests: typed and dynamic claims round-trip through sign and verify.

use jose_jwk::{Jwk, KeySpec, OkpCurve};
use jose_jwt::{Alg, Claims, Header, NumericDate, Token, Validation};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Typed {
    sub: String,
    exp: i64,
    roles: Vec<String>,
    level: u8,
    note: Option<String>,
}

fn typed() -> impl Strategy<Value = Typed> {
    (
        ".{0,20}",
        1_700_000_001i64..i64::MAX / 2,
        prop::collection::vec("[a-z]{1,8}", 0..4),
        any::<u8>(),
        prop::option::of(".{0,20}"),
    )
        .prop_map(|(sub, exp, roles, level, note)| Typed {
            sub,
            exp,
            roles,
            level,
            note,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn typed_claims_round_trip(claims in typed()) {
        let key = Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519)).unwrap();
        let jwt = jose_jwt::sign(&Header::new(Alg::EdDSA), &claims, &key).unwrap();
        let validation = Validation::new([Alg::EdDSA]).now(1_700_000_000);
        let token: Token<Typed> = jose_jwt::verify(&jwt, &key, &validation).unwrap();
        prop_assert_eq!(token.registered.exp, Some(NumericDate::from_seconds(claims.exp)));
        prop_assert_eq!(token.claims, claims);
    }

    #[test]
    fn dynamic_claims_round_trip(
        names in prop::collection::btree_map("x-[a-z]{1,6}", any::<i32>(), 0..6),
        iss in "[a-z]{1,10}", aud in prop::collection::vec("[a-z]{1,6}", 1..4),
    ) {
        let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
        let mut claims = Claims::new().issuer(iss.clone()).audiences(aud.clone());
        for (name, value) in &names {
            claims = claims.claim(name.clone(), *value);
        }
        let jwt = jose_jwt::sign(&Header::new(Alg::HS256), &claims, &key).unwrap();
        let validation = Validation::new([Alg::HS256]).issuer(iss).audience(aud[0].clone());
        let token: Token = jose_jwt::verify(&jwt, &key, &validation).unwrap();
        prop_assert_eq!(&Value::Object(token.claims), &serde_json::to_value(&claims).unwrap());
    }
}
