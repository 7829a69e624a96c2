//! The query string: `pipeline` and the options, percent-decoded as a browser form encodes
//! them (`+` is a space), because that is what `URLSearchParams` in the Worker accepts.

/// The decoded `name=value` pairs in order; a pair that is not valid UTF-8 once decoded is an
/// error (the pipeline and the options are text).
pub fn pairs(query: &str) -> Result<Vec<(String, String)>, String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (digit(bytes, i + 1), digit(bytes, i + 2)) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                // A `%` not followed by two hex digits stays as it is, as URLSearchParams does.
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| format!("query parameter {text:?} is not UTF-8"))
}

fn digit(bytes: &[u8], at: usize) -> Option<u8> {
    bytes
        .get(at)
        .and_then(|&b| (b as char).to_digit(16))
        .map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::pairs;

    #[test]
    fn decodes_like_url_search_params() {
        let got =
            pairs("pipeline=derive%20d%20%3D%20f(x)+%7C+limit%202&on_error=skip&&flag").unwrap();
        assert_eq!(
            got,
            [
                ("pipeline".into(), "derive d = f(x) | limit 2".into()),
                ("on_error".into(), "skip".into()),
                ("flag".into(), String::new()),
            ]
        );
        assert_eq!(pairs("a=%E6%9D%B1%zz%4").unwrap()[0].1, "東%zz%4");
        assert!(pairs("a=%FF").is_err());
    }
}
