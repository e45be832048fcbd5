//! jwcrypto's nested token (`make_signed_token`, then `make_encrypted_token`), made by
//! jwcrypto itself (`fixtures/make.sh`), with `cty: JWT` and, as jwcrypto's tutorial writes
//! it, without.
use jose::jwe::{Decrypter, Enc, KeyAlg};
use jose::jwk::Jwk;
use jose::jwt::{Alg, Validation, nested};

pub fn main() -> jose::Result<()> {
    let encryption = Jwk::from_json(include_bytes!("../fixtures/jwcrypto_encryption.json"))?;
    let signing = Jwk::from_json(include_bytes!("../fixtures/jwcrypto_signing_public.json"))?;
    let decrypter = Decrypter::new([KeyAlg::A256KW], [Enc::A256CBC_HS512]);
    let validation = Validation::new([Alg::ES256])
        .issuer("https://issuer.example")
        .audience("api");
    // jwt.JWT(jwt=token, key=encryption) then jwt.JWT(jwt=inner, key=signing)
    let with_cty = include_str!("../fixtures/jwcrypto_nested_with_cty.txt");
    let token = nested::decrypt_and_verify::<jose::Object>(
        with_cty,
        &encryption,
        &decrypter,
        &signing,
        &validation,
    )?;
    assert_eq!(token.registered.sub.as_deref(), Some("alice"));
    // Without `cty`: refused by default, accepted on the explicit option.
    let without = include_str!("../fixtures/jwcrypto_nested_without_cty.txt");
    let refused = nested::decrypt_and_verify::<jose::Object>(
        without,
        &encryption,
        &decrypter,
        &signing,
        &validation,
    );
    assert_eq!(
        refused.map(|_| ()).map_err(|e| e.kind()),
        Err(jose::ErrorKind::InvalidType)
    );
    let lenient = validation.allow_nested_without_cty();
    nested::decrypt_and_verify::<jose::Object>(
        without,
        &encryption,
        &decrypter,
        &signing,
        &lenient,
    )?;
    Ok(())
}
