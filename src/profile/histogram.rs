//! A one-pass histogram whose bins are aligned powers of two wide, so it can widen itself when
//! a value falls outside (merging bins exactly) without a second pass. All arithmetic is exact
//! in IEEE doubles, so every runtime gets the same bins.

/// Bins the histogram keeps while counting.
const BINS: usize = 32;
/// Values kept before the first bin width is chosen, so that width fits the data.
const WARMUP: usize = 1024;

/// Counts of values in `[start + i * width, start + (i + 1) * width)`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Builder {
    warmup: Vec<f64>,
    bins: Option<Histogram>,
}

impl Builder {
    pub fn add(&mut self, value: f64) {
        match &mut self.bins {
            Some(bins) => bins.add(value),
            None => {
                self.warmup.push(value);
                if self.warmup.len() == WARMUP {
                    self.settle();
                }
            }
        }
    }

    /// The histogram with empty bins at both ends trimmed; `integers` keeps bins at least 1 wide.
    pub fn finish(mut self, integers: bool) -> Option<Histogram> {
        self.settle();
        let mut h = self.bins?;
        while integers && h.width < 1.0 {
            h.rebin(h.start, h.width * 2.0);
        }
        let first = h.counts.iter().position(|&c| c > 0)?;
        let last = h.counts.iter().rposition(|&c| c > 0)?;
        h.start += first as f64 * h.width;
        h.counts = h.counts[first..=last].to_vec();
        Some(h)
    }

    fn settle(&mut self) {
        if self.bins.is_some() || self.warmup.is_empty() {
            return;
        }
        let min = self.warmup.iter().copied().fold(f64::INFINITY, f64::min);
        let max = self
            .warmup
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        // The smallest power of two that spreads [min, max] over the bins (one bin is lost to
        // aligning the start down to a multiple of the width).
        let mut width = 2f64.powi(-20);
        while width * (BINS as f64 - 1.0) <= max - min {
            width *= 2.0;
        }
        let mut h = Histogram {
            start: (min / width).floor() * width,
            width,
            counts: vec![0; BINS],
        };
        for v in self.warmup.drain(..) {
            h.add(v);
        }
        self.bins = Some(h);
    }
}

impl Histogram {
    fn end(&self) -> f64 {
        self.start + self.width * BINS as f64
    }

    fn add(&mut self, value: f64) {
        if value < self.start || value >= self.end() {
            let (low, high) = (value.min(self.start), value.max(self.end() - self.width));
            let mut width = self.width * 2.0;
            while ((high / width).floor() - (low / width).floor()) as usize >= BINS {
                width *= 2.0;
            }
            self.rebin((low / width).floor() * width, width);
        }
        let i = ((value - self.start) / self.width).floor() as usize;
        self.counts[i.min(BINS - 1)] += 1;
    }

    /// Moves the counts onto wider bins; exact because both starts are multiples of the old width.
    fn rebin(&mut self, start: f64, width: f64) {
        let mut counts = vec![0; BINS];
        for (i, &c) in self.counts.iter().enumerate() {
            if c > 0 {
                let left = self.start + i as f64 * self.width;
                counts[((left - start) / width).floor() as usize] += c;
            }
        }
        *self = Histogram {
            start,
            width,
            counts,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widens_without_losing_counts() {
        let mut b = Builder::default();
        for v in 0..5000 {
            b.add(v as f64);
        }
        b.add(-70000.0);
        let h = b.finish(true).unwrap();
        assert_eq!(h.counts.iter().sum::<u64>(), 5001);
        assert!(h.start <= -70000.0 && h.start + h.width * h.counts.len() as f64 > 4999.0);
        assert_eq!(h.width, 4096.0);
    }

    #[test]
    fn small_columns_get_fine_bins() {
        let mut b = Builder::default();
        for v in [0.25, 0.5, 0.75, 1.0] {
            b.add(v);
        }
        let h = b.finish(false).unwrap();
        assert_eq!((h.start, h.width, h.counts.len()), (0.25, 0.03125, 25));
        assert_eq!(h.counts.iter().sum::<u64>(), 4);
    }
}
