//! One small sort for the whole core.
//!
//! The standard library's `sort_by`/`sort_unstable` are fast but large: every
//! call site with its own comparator instantiates driftsort or ipnsort, which
//! added about 30 KB to the WebAssembly (125 functions for 12 call sites; see
//! `twiggy top`). The core sorts at most a few thousand items (regions, label
//! requests, scanline crossings, a boundary file's ring segments), so one
//! heapsort, instantiated once per element type and driven through a `dyn`
//! comparator, is all it needs: O(n log n) in the worst case, no allocation,
//! not stable (every caller breaks ties itself or does not care).

use std::cmp::Ordering;

/// Sorts `v` in place by `compare` (unstable heapsort).
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    heapsort(v, &mut compare);
}

fn heapsort<T>(v: &mut [T], compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift_down(v, root, n, compare);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, compare);
    }
}

fn sift_down<T>(v: &mut [T], mut root: usize, end: usize, compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && compare(&v[child], &v[child + 1]) == Ordering::Less {
            child += 1;
        }
        if compare(&v[root], &v[child]) != Ordering::Less {
            return;
        }
        v.swap(root, child);
        root = child;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))] // proptest is a native dev-dependency
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_the_standard_sort(mut v in proptest::collection::vec(-1000i32..1000, 0..300)) {
            let mut expected = v.clone();
            expected.sort();
            sort_by(&mut v, i32::cmp);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn sorts_floats_with_total_order(mut v in proptest::collection::vec(-1e6f64..1e6, 0..300)) {
            sort_by(&mut v, f64::total_cmp);
            prop_assert!(v.windows(2).all(|w| w[0] <= w[1]));
        }
    }

    #[test]
    fn sorts_descending_and_handles_tiny_inputs() {
        let mut v = vec![(1, 'a'), (3, 'b'), (2, 'c')];
        sort_by(&mut v, |p, q| q.0.cmp(&p.0));
        assert_eq!(v, vec![(3, 'b'), (2, 'c'), (1, 'a')]);
        let mut empty: Vec<u8> = vec![];
        sort_by(&mut empty, u8::cmp);
        let mut one = vec![7];
        sort_by(&mut one, i32::cmp);
        assert_eq!(one, vec![7]);
    }
}
