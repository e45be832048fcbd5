//! OpenSSH keys made by ssh-keygen (`tests/vectors/openssh/`, whose README gives each file's
//! command): read with the `openssh` feature, each checked against the same key converted by
//! ssh-keygen to PKCS#8 or SPKI (a second, independent parser); refused with a hint without it.
//!
//! `cargo test --workspace` builds jose-jwk with the feature (the CLI turns it on);
//! `cargo test -p jose-jwk --test openssh` builds it without, and runs the other half.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jose_jwk::{ErrorKind, Jwk};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/vectors/openssh/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const PASSPHRASE: &[u8] = b"correct horse";

#[cfg(not(feature = "openssh"))]
mod without_the_feature {
    use super::*;

    #[test]
    fn private_keys_are_refused_with_the_conversion_hint() {
        for name in ["id_rsa", "id_ed25519", "id_ecdsa_p384", "id_rsa_passphrase"] {
            for result in [
                Jwk::from_pem(&fixture(name)),
                Jwk::from_pem_with_password(&fixture(name), PASSPHRASE),
            ] {
                let error = result.unwrap_err();
                assert_eq!(error.kind(), ErrorKind::UnsupportedAlgorithm, "{name}");
                let message = error.to_string();
                assert!(
                    message.contains("ssh-keygen -p -m PKCS8"),
                    "{name}: {message}"
                );
                assert!(message.contains("`openssh`"), "{name}: {message}");
            }
        }
    }

    #[test]
    fn public_key_lines_are_refused_with_the_conversion_hint() {
        for name in ["id_rsa.pub", "id_ed25519.pub", "id_ecdsa_p256.pub"] {
            let error = Jwk::from_pem(&fixture(name)).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::UnsupportedAlgorithm, "{name}");
            let message = error.to_string();
            assert!(
                message.contains("ssh-keygen -e -m PKCS8"),
                "{name}: {message}"
            );
        }
    }

    #[test]
    fn other_text_is_still_malformed() {
        for text in ["", "hello", "ssh-rsa", "ssh-rsa not-base64", "{}"] {
            let error = Jwk::from_pem(text).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::Malformed, "{text:?}");
        }
    }
}

#[cfg(feature = "openssh")]
mod with_the_feature {
    use super::*;
    use base64ct::{Base64, Encoding};
    use jose_jwk::Key;
    use jose_jwk::primitives::ed25519_dalek::{Signer, SigningKey};

    /// Each OpenSSH private key equals the PKCS#8 key ssh-keygen converted it to, and its
    /// public half equals both its `.pub` line and the SPKI conversion of that line.
    #[test]
    fn rsa_and_ecdsa_match_their_pkcs8_and_spki_conversions() {
        for name in ["id_rsa", "id_ecdsa_p256", "id_ecdsa_p384", "id_ecdsa_p521"] {
            let openssh = Jwk::from_pem(&fixture(name)).unwrap();
            let pkcs8 = Jwk::from_pem(&fixture(&format!("{name}.pkcs8.pem"))).unwrap();
            assert!(openssh.is_private(), "{name}");
            assert!(openssh == pkcs8, "{name}: the two parsers disagree");
            let line = Jwk::from_pem(&fixture(&format!("{name}.pub"))).unwrap();
            let spki = Jwk::from_pem(&fixture(&format!("{name}.pub.spki.pem"))).unwrap();
            assert!(!line.is_private(), "{name}");
            assert!(line == spki, "{name}.pub: the two parsers disagree");
            assert!(
                openssh.to_public().unwrap() == line,
                "{name}: not the .pub key"
            );
            assert_eq!(
                Jwk::from_openssh_public(&fixture(&format!("{name}.pub")))
                    .unwrap()
                    .thumbprint_sha256(),
                spki.thumbprint_sha256()
            );
        }
    }

    #[test]
    fn ed25519_matches_its_public_line_and_signs() {
        let private = Jwk::from_pem(&fixture("id_ed25519")).unwrap();
        let public = Jwk::from_pem(&fixture("id_ed25519.pub")).unwrap();
        assert!(private.to_public().unwrap() == public);
        let Some(signing) = (match private.key() {
            Key::Okp(k) => k.ed25519_signing_key(),
            _ => None,
        }) else {
            panic!("not an Ed25519 private key");
        };
        let Key::Okp(verifying) = public.key() else {
            panic!("not an OKP key");
        };
        let signature = signing.sign(b"from ssh-keygen");
        verifying
            .ed25519_verifying_key()
            .unwrap()
            .verify_strict(b"from ssh-keygen", &signature)
            .unwrap();
    }

    #[test]
    fn passphrase_protected_keys_need_the_right_passphrase() {
        for (name, kty) in [
            ("id_rsa_passphrase", "RSA"),
            ("id_ed25519_passphrase", "OKP"),
            ("id_ecdsa_p256_passphrase", "EC"),
        ] {
            let pem = fixture(name);
            let key = Jwk::from_pem_with_password(&pem, PASSPHRASE).unwrap();
            assert!(key.is_private(), "{name}");
            assert_eq!(key.key().kty(), kty, "{name}");
            let none = Jwk::from_pem(&pem).unwrap_err();
            assert_eq!(none.kind(), ErrorKind::InvalidKey, "{name}: {none}");
            let wrong = Jwk::from_pem_with_password(&pem, b"correct horse!").unwrap_err();
            assert_eq!(wrong.kind(), ErrorKind::InvalidKey, "{name}: {wrong}");
        }
        // A passphrase given for a key that has none is not needed, and does no harm.
        assert!(Jwk::from_pem_with_password(&fixture("id_ed25519"), PASSPHRASE).is_ok());
    }

    /// The rounds are read from the file and refused before bcrypt-pbkdf runs, whatever the
    /// passphrase.
    #[test]
    fn bcrypt_rounds_above_the_limit_are_refused_before_any_work() {
        assert_eq!(jose_jwk::openssh::MAX_BCRYPT_ROUNDS, 256);
        let pem = fixture("id_ed25519_1000_rounds");
        for password in [PASSPHRASE, b"wrong"] {
            let error = Jwk::from_pem_with_password(&pem, password).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::LimitExceeded, "{error}");
            assert!(error.to_string().contains("1000"), "{error}");
        }
    }

    #[test]
    fn keys_that_fail_a_jwk_check_are_refused() {
        let weak = Jwk::from_pem(&fixture("id_rsa_1024")).unwrap_err();
        assert_eq!(weak.kind(), ErrorKind::InvalidKey, "{weak}");
        for name in ["id_dsa", "id_dsa.pub"] {
            let error = Jwk::from_pem(&fixture(name)).unwrap_err();
            assert_eq!(
                error.kind(),
                ErrorKind::UnsupportedAlgorithm,
                "{name}: {error}"
            );
        }
    }

    /// The binary body of an OpenSSH private key.
    fn body(pem: &str) -> Vec<u8> {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        Base64::decode_vec(&body).unwrap()
    }

    /// `bytes` as an OpenSSH private key, wrapped at 70 columns as ssh-keygen does.
    fn armor(bytes: &[u8]) -> String {
        let body = Base64::encode_string(bytes);
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(70)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
            lines.join("\n")
        )
    }

    /// An unencrypted OpenSSH key with every occurrence of `from` replaced by `to`: the file
    /// stays well-formed (OpenSSH stores the public key twice, or three times for Ed25519),
    /// so only a check that derives the public key from the private one can tell.
    fn with_public_replaced(pem: &str, from: &[u8], to: &[u8]) -> String {
        let mut bytes = body(pem);
        let mut replaced = 0;
        let mut at = 0;
        while let Some(found) = bytes[at..].windows(from.len()).position(|w| w == from) {
            let start = at + found;
            bytes[start..start + from.len()].copy_from_slice(to);
            at = start + from.len();
            replaced += 1;
        }
        assert!(replaced >= 2, "the public key was found {replaced} times");
        armor(&bytes)
    }

    /// The 1000-round fixture with its bcrypt-pbkdf options (`string salt, uint32 rounds`,
    /// itself a string) rewritten: a salt of `salt_len` bytes and `rounds` rounds.
    fn with_kdf_options(salt_len: u32, rounds: u32) -> String {
        let bytes = body(&fixture("id_ed25519_1000_rounds"));
        // ssh-keygen writes a 16-byte salt: options of 24 bytes, then the salt's length.
        let marker = [0, 0, 0, 24, 0, 0, 0, 16];
        let at = bytes.windows(8).position(|w| w == marker).unwrap();
        let mut out = bytes[..at].to_vec();
        out.extend((salt_len + 8).to_be_bytes());
        out.extend(salt_len.to_be_bytes());
        out.extend(std::iter::repeat_n(7u8, salt_len as usize));
        out.extend(rounds.to_be_bytes());
        out.extend(&bytes[at + 8 + 16 + 4..]);
        armor(&out)
    }

    #[test]
    fn bcrypt_salts_and_rounds_outside_the_limits_are_refused() {
        for (salt_len, rounds) in [(65, 16), (1024, 16), (16, 0), (16, 257), (16, u32::MAX)] {
            let pem = with_kdf_options(salt_len, rounds);
            let error = Jwk::from_pem_with_password(&pem, PASSPHRASE).unwrap_err();
            assert_eq!(
                error.kind(),
                ErrorKind::LimitExceeded,
                "salt {salt_len}, rounds {rounds}: {error}"
            );
        }
        // Inside the limits, the rewritten options are used: a new salt derives another key,
        // so the passphrase no longer opens it.
        let error = Jwk::from_pem_with_password(&with_kdf_options(64, 1), PASSPHRASE).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidKey, "{error}");
    }

    #[test]
    fn a_private_key_that_does_not_match_its_public_key_is_refused() {
        let pem = fixture("id_ed25519");
        let jwk = Jwk::from_pem(&pem).unwrap();
        let Some(&public) = (match jwk.key() {
            Key::Okp(k) => k.ed25519_verifying_key(),
            _ => None,
        }) else {
            panic!("not Ed25519");
        };
        let other = SigningKey::from_bytes(&[7; 32]).verifying_key();
        let forged = with_public_replaced(&pem, public.as_bytes(), other.as_bytes());
        let error = Jwk::from_pem(&forged).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidKey, "{error}");

        // ECDSA: another P-256 key's point in place of this key's.
        let pem = fixture("id_ecdsa_p256");
        let point = |jwk: &Jwk| match jwk.key() {
            Key::Ec(jose_jwk::EcKey::P256(k)) => {
                k.verifying_key().to_sec1_point(false).as_bytes().to_vec()
            }
            _ => panic!("not P-256"),
        };
        let mine = point(&Jwk::from_pem(&pem).unwrap());
        let theirs = point(
            &Jwk::from_pem_with_password(&fixture("id_ecdsa_p256_passphrase"), PASSPHRASE).unwrap(),
        );
        let forged = with_public_replaced(&pem, &mine, &theirs);
        let error = Jwk::from_pem(&forged).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidKey, "{error}");
    }

    #[test]
    fn public_lines_in_the_authorized_keys_format() {
        let line = fixture("id_ed25519.pub");
        let expected = Jwk::from_pem(&line).unwrap();
        // Options before the key type, comments and blank lines around it.
        let with_options = format!("# my key\n\nrestrict,command=\"echo hi\" {line}\n");
        assert!(Jwk::from_pem(&with_options).unwrap() == expected);
        // Without a comment.
        let bare: Vec<&str> = line.split_whitespace().take(2).collect();
        assert!(Jwk::from_openssh_public(&bare.join(" ")).unwrap() == expected);
        // Two keys in one text: which one was meant is not guessed.
        let two = format!("{line}{}", fixture("id_rsa.pub"));
        let error = Jwk::from_pem(&two).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Malformed, "{error}");
        // A damaged key blob.
        let damaged = line.replacen("AAAAC3NzaC1lZDI1NTE5AAAAI", "AAAAC3NzaC1lZDI1NTE5AAAAB", 1);
        let error = Jwk::from_pem(&damaged).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Malformed, "{error}");
    }

    #[test]
    fn damaged_private_keys_are_malformed_not_a_panic() {
        let pem = fixture("id_rsa");
        let lines: Vec<&str> = pem.lines().collect();
        for cut in 1..lines.len() - 1 {
            let mut damaged: Vec<&str> = lines.clone();
            damaged.remove(cut);
            let error = Jwk::from_pem(&damaged.join("\n")).unwrap_err();
            assert!(
                matches!(error.kind(), ErrorKind::Malformed | ErrorKind::InvalidKey),
                "line {cut}: {error}"
            );
        }
    }
}
