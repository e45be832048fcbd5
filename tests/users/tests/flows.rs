//! Runs every program of `examples/`: each flow of the tutorials works as written.

macro_rules! flow {
    ($name:ident) => {
        #[test]
        fn $name() {
            if let Err(e) = $name::main() {
                panic!("{}: {e}", stringify!($name));
            }
        }
    };
}

#[path = "../examples/hs256_string_secret.rs"]
mod hs256_string_secret;
flow!(hs256_string_secret);

#[path = "../examples/claims_validation.rs"]
mod claims_validation;
flow!(claims_validation);

#[path = "../examples/decode_unverified.rs"]
mod decode_unverified;
flow!(decode_unverified);

#[path = "../examples/pem_keys.rs"]
mod pem_keys;
flow!(pem_keys);

#[path = "../examples/local_jwks.rs"]
mod local_jwks;
flow!(local_jwks);

#[path = "../examples/remote_jwks.rs"]
mod remote_jwks;
flow!(remote_jwks);

#[path = "../examples/jwcrypto_nested.rs"]
mod jwcrypto_nested;
flow!(jwcrypto_nested);

#[path = "../examples/joserfc_registry.rs"]
mod joserfc_registry;
flow!(joserfc_registry);
