//! Short lists made per row without the heap: a row's cells or values for a blocking step are
//! a handful, and a `Vec` for them was a `malloc` and a `free` per row.

/// Items held on the stack; more than this spill to a `Vec`.
const INLINE: usize = 16;

/// Calls `f` with the items of `items` as a slice, held on the stack when they are few.
pub(crate) fn with_slice<T: Default, R>(
    items: impl Iterator<Item = T>,
    f: impl FnOnce(&[T]) -> R,
) -> R {
    with_slice_in::<INLINE, T, R>(items, f)
}

/// [`with_slice`] with room for `N` items on the stack: every slot is made and dropped per
/// call, so a caller that knows its items are fewer asks for less.
pub(crate) fn with_slice_in<const N: usize, T: Default, R>(
    items: impl Iterator<Item = T>,
    f: impl FnOnce(&[T]) -> R,
) -> R {
    let mut held: [T; N] = std::array::from_fn(|_| T::default());
    let mut items = items.peekable();
    let mut n = 0;
    while n < N {
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
        for count in 0..10 {
            let got = with_slice_in::<4, _, _>(0..count, |s| s.to_vec());
            assert_eq!(got, (0..count).collect::<Vec<_>>());
        }
    }
}
