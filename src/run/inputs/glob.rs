//! Glob patterns over file names: `*` (any run of characters), `?` (one character) and
//! `[...]` (one character of a set: `[abc]`, ranges `[a-z]`, negated `[!a-z]` or `[^a-z]`; a
//! `]` first in the set is literal). Wildcards may stand in any path component; a name that
//! starts with `.` matches only a pattern that starts with `.`, as in a shell. There is no
//! `**` and no escape: `[*]` matches a literal `*`.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Whether `text` holds a wildcard.
pub fn is_pattern(text: &[u8]) -> bool {
    text.iter().any(|b| matches!(b, b'*' | b'?' | b'['))
}

/// The files `pattern` matches, in name order (directory by directory, each sorted by the
/// bytes of its names).
pub fn expand(pattern: &Path) -> io::Result<Vec<PathBuf>> {
    let mut base = PathBuf::new();
    let mut parts = Vec::new();
    for component in pattern.components() {
        let text = component.as_os_str().as_encoded_bytes();
        if parts.is_empty() && (!is_pattern(text) || !matches!(component, Component::Normal(_))) {
            base.push(component);
        } else {
            parts.push(component.as_os_str().to_os_string());
        }
    }
    let mut found = Vec::new();
    walk(&base, &parts, &mut found)?;
    Ok(found)
}

/// Adds the paths below `dir` whose components match `parts`: the last one a file, the
/// ones before it folders.
fn walk(dir: &Path, parts: &[OsString], found: &mut Vec<PathBuf>) -> io::Result<()> {
    let Some((part, rest)) = parts.split_first() else {
        return Ok(());
    };
    let part_bytes = part.as_encoded_bytes();
    if !is_pattern(part_bytes) {
        // A literal component: no listing, so a folder that cannot be listed still works.
        return step(&dir.join(part), rest, found);
    }
    let listed = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut names: Vec<_> = match fs::read_dir(listed) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.file_name()))
            .collect::<io::Result<_>>()?,
        // A wildcard below something that is not a folder matches nothing, as in a shell.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(())
        }
        Err(e) => return Err(e),
    };
    names.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    for name in names {
        if matches(part_bytes, name.as_encoded_bytes()) {
            step(&dir.join(name), rest, found)?;
        }
    }
    Ok(())
}

/// Keeps `path` if it is the last component's file, or goes down into it as a folder.
fn step(path: &Path, rest: &[OsString], found: &mut Vec<PathBuf>) -> io::Result<()> {
    if rest.is_empty() {
        if path.is_file() {
            found.push(path.to_path_buf());
        }
        Ok(())
    } else if path.is_dir() {
        walk(path, rest, found)
    } else {
        Ok(())
    }
}

/// Whether the file name `name` matches the one-component `pattern`.
pub fn matches(pattern: &[u8], name: &[u8]) -> bool {
    if name.first() == Some(&b'.') && pattern.first() != Some(&b'.') {
        return false;
    }
    // The classic two cursors: on a mismatch, go back to the last `*` and let it take one
    // more character. Linear enough for file names, and never exponential.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() {
            match pattern[p] {
                b'*' => {
                    star = Some((p, n));
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    n += char_len(&name[n..]);
                    continue;
                }
                b'[' => {
                    if let Some((hit, used)) = set(&pattern[p..], &name[n..]) {
                        if hit {
                            p += used;
                            n += char_len(&name[n..]);
                            continue;
                        }
                    } else if name[n] == b'[' {
                        // An unclosed `[` is a literal character.
                        p += 1;
                        n += 1;
                        continue;
                    }
                }
                literal if literal == name[n] => {
                    p += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
        }
        match &mut star {
            Some((star_p, star_n)) => {
                *star_n += char_len(&name[*star_n..]);
                p = *star_p + 1;
                n = *star_n;
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// Matches the set at the start of `pattern` (which starts with `[`) against the first
/// character of `name`: `(matched, pattern bytes used)`, or `None` when the set never closes.
fn set(pattern: &[u8], name: &[u8]) -> Option<(bool, usize)> {
    let target = first_char(name);
    let mut i = 1;
    let negated = matches!(pattern.get(i), Some(b'!' | b'^'));
    if negated {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    loop {
        let &byte = pattern.get(i)?;
        if byte == b']' && !first {
            return Some((hit != negated, i + 1));
        }
        first = false;
        let low = first_char(&pattern[i..]);
        i += char_len(&pattern[i..]);
        let high = match (pattern.get(i), pattern.get(i + 1)) {
            (Some(b'-'), Some(&after)) if after != b']' => {
                i += 1;
                let high = first_char(&pattern[i..]);
                i += char_len(&pattern[i..]);
                high
            }
            _ => low,
        };
        hit |= low <= target && target <= high;
    }
}

/// The length in bytes of the UTF-8 character `text` starts with (1 for a stray byte, so any
/// name can be matched).
fn char_len(text: &[u8]) -> usize {
    let want = match text.first() {
        Some(0xC0..=0xDF) => 2,
        Some(0xE0..=0xEF) => 3,
        Some(0xF0..=0xF7) => 4,
        _ => 1,
    };
    match std::str::from_utf8(&text[..want.min(text.len())]) {
        Ok(_) => want,
        Err(_) => 1,
    }
}

/// The first character of `text` as a number to compare ranges with (a stray byte counts as
/// itself).
fn first_char(text: &[u8]) -> u32 {
    let len = char_len(text);
    match std::str::from_utf8(&text[..len]) {
        Ok(s) => s.chars().next().map_or(0, u32::from),
        Err(_) => u32::from(text[0]),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards() {
        let cases: &[(&str, &str, bool)] = &[
            ("*.csv", "a.csv", true),
            ("*.csv", "a.csv.gz", false),
            ("*.csv", ".hidden.csv", false),
            (".*.csv", ".hidden.csv", true),
            ("*", "", true),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
            ("day-??.csv", "day-01.csv", true),
            ("day-??.csv", "day-1.csv", false),
            ("?.csv", "é.csv", true),
            ("[ab].csv", "b.csv", true),
            ("[ab].csv", "c.csv", false),
            ("[!ab].csv", "c.csv", true),
            ("[^ab].csv", "a.csv", false),
            ("[a-c]x", "bx", true),
            ("[a-c]x", "dx", false),
            ("[]]x", "]x", true),
            ("[a-]x", "-x", true),
            ("[*]", "*", true),
            ("[*]", "a", false),
            ("[é-ê]", "ê", true),
            ("a[b", "a[b", true),
            ("part-0[0-9].csv", "part-07.csv", true),
        ];
        for &(pattern, name, want) in cases {
            assert_eq!(
                matches(pattern.as_bytes(), name.as_bytes()),
                want,
                "{pattern} ~ {name}"
            );
        }
    }
}
