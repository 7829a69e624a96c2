//! Short lists made per row without the heap: a row's cells or values for a blocking step are
//! a handful, and a `Vec` for them was a `malloc` and a `free` per row.

/// Items held on the stack; more than this spill to a `Vec`.
const INLINE: usize = 16;

/// Calls `f` with the items of `items` as a slice, held on the stack when they are few.
pub(crate) fn with_slice<T: Default, R>(
    items: impl Iterator<Item = T>,
    f: impl FnOnce(&[T]) -> R,
) -> R {
    let mut held: [T; INLINE] = std::array::from_fn(|_| T::default());
    let mut items = items.peekable();
    let mut n = 0;
    while n < INLINE {
        match items.next() {
            Some(item) => held[n] = item,
            None => return f(&held[..n]),
        }
        n += 1;
    }
    if items.peek().is_none() {
        return f(&held);
    }
    let spilled: Vec<T> = held.into_iter().chain(items).collect();
    f(&spilled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_count_around_the_inline_size() {
        for count in [0, 1, INLINE - 1, INLINE, INLINE + 1, 3 * INLINE] {
            let got = with_slice(0..count, |s| s.to_vec());
            assert_eq!(got, (0..count).collect::<Vec<_>>());
        }
    }
}
