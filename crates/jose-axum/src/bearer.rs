//! Reading the bearer token of a request: `Authorization: Bearer <token>` (RFC 6750 §2.1),
//! the scheme name compared case-insensitively (RFC 9110 §11.1), exactly one header with
//! exactly one token.

use http::HeaderMap;
use http::header::AUTHORIZATION;

/// What a request's `Authorization` headers carry.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Bearer<'a> {
    /// No `Authorization` header, or one of another scheme (`Basic`): no bearer credentials,
    /// answered by a challenge with no error code (RFC 6750 §3.1).
    Absent,
    /// One header of the Bearer scheme with one well-formed token.
    Token(&'a str),
    /// A request RFC 6750 calls malformed (`invalid_request`, 400), and why.
    Invalid(&'static str),
}

/// Whether `token` is a `b64token` (RFC 6750 §2.1): `1*( ALPHA / DIGIT / "-" / "." / "_" /
/// "~" / "+" / "/" ) *"="`.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

/// The bearer token of a request with these headers.
pub(crate) fn bearer(headers: &HeaderMap) -> Bearer<'_> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Bearer::Absent;
    };
    if values.next().is_some() {
        return Bearer::Invalid("the request has more than one Authorization header");
    }
    // HTTP trims the field's own leading and trailing white space (RFC 9110 §5.5).
    let value = value.as_bytes().trim_ascii();
    let scheme_end = value
        .iter()
        .position(|b| *b == b' ' || *b == b'\t')
        .unwrap_or(value.len());
    let (scheme, rest) = value.split_at(scheme_end);
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        // Another scheme's credentials, whatever their bytes: not ours to judge.
        return Bearer::Absent;
    }
    if rest.first() == Some(&b'\t') {
        return Bearer::Invalid("the Authorization header has a tab after `Bearer`");
    }
    let Ok(rest) = std::str::from_utf8(rest) else {
        return Bearer::Invalid("the Authorization header is not visible ASCII");
    };
    // `credentials = "Bearer" 1*SP b64token`.
    let token = rest.trim_start_matches(' ');
    if token.is_empty() {
        return Bearer::Invalid("the Authorization header has no token after `Bearer`");
    }
    if !is_b64token(token) {
        return Bearer::Invalid("the Authorization header's token is not one b64token");
    }
    Bearer::Token(token)
}

#[cfg(test)]
mod tests {
    use super::{Bearer, bearer};
    use http::HeaderMap;
    use http::header::{AUTHORIZATION, HeaderValue};

    fn with(values: &[&[u8]]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            if let Ok(v) = HeaderValue::from_bytes(v) {
                headers.append(AUTHORIZATION, v);
            }
        }
        headers
    }

    #[test]
    fn the_bearer_scheme_is_read_as_rfc_6750_writes_it() {
        let headers = with(&[]);
        assert_eq!(bearer(&headers), Bearer::Absent);
        for (value, expected) in [
            (&b"Bearer a.b.c"[..], Bearer::Token("a.b.c")),
            (b"bearer a.b.c", Bearer::Token("a.b.c")),
            (b"BEARER a.b.c", Bearer::Token("a.b.c")),
            (b"Bearer  a.b.c", Bearer::Token("a.b.c")),
            (b"Bearer a.b.c ", Bearer::Token("a.b.c")),
            (b"Bearer mF_9.B5f-4.1JqM", Bearer::Token("mF_9.B5f-4.1JqM")),
            (b"Bearer abc==", Bearer::Token("abc==")),
            (b"Basic dXNlcjpwYXNz", Bearer::Absent),
            (b"Bearerx a.b.c", Bearer::Absent),
            (b"Basic \xc3\xa9t\xc3\xa9", Bearer::Absent),
        ] {
            let headers = with(&[value]);
            assert_eq!(bearer(&headers), expected, "{value:?}");
        }
        for value in [
            &b"Bearer"[..],
            b"Bearer ",
            b"Bearer a.b.c d.e.f",
            b"Bearer a,b",
            b"Bearer \"a.b.c\"",
            b"Bearer =abc",
            b"Bearer a\tb",
            b"Bearer\ta.b.c",
            b"Bearer \xc3\xa9t\xc3\xa9",
        ] {
            let headers = with(&[value]);
            assert!(matches!(bearer(&headers), Bearer::Invalid(_)), "{value:?}");
        }
        let two = with(&[b"Bearer a.b.c", b"Bearer a.b.c"]);
        assert!(matches!(bearer(&two), Bearer::Invalid(_)));
    }
}
