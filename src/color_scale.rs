//! Colours for data: classification of a metric's values, colour-blind-safe
//! palettes, the categorical "campaign focus" view, and the per-region fills
//! the renderer draws (including "no figure reported", which is hatched, not
//! just pale, so it can never be read as zero).
//!
//! Classification suits the data: a metric reported for five regions or fewer
//! (every metric of the 2022 report) gets one class per value, so the legend
//! lists each value exactly; more values get Jenks natural breaks in five
//! classes.

use crate::dataset::{Dataset, MetricGroup};
use plotters::style::RGBColor;

/// ColorBrewer "Oranges" (5 classes), single hue, colour-blind safe: enforcement.
pub const ENFORCEMENT_PALETTE: [RGBColor; 5] = [
    RGBColor(0xfe, 0xed, 0xde),
    RGBColor(0xfd, 0xbe, 0x85),
    RGBColor(0xfd, 0x8d, 0x3c),
    RGBColor(0xe6, 0x55, 0x0d),
    RGBColor(0xa6, 0x36, 0x03),
];

/// ColorBrewer "Blues" (5 classes), single hue, colour-blind safe: education.
pub const EDUCATION_PALETTE: [RGBColor; 5] = [
    RGBColor(0xef, 0xf3, 0xff),
    RGBColor(0xbd, 0xd7, 0xe7),
    RGBColor(0x6b, 0xae, 0xd6),
    RGBColor(0x31, 0x82, 0xbd),
    RGBColor(0x08, 0x51, 0x9c),
];

/// Okabe–Ito colours for the focus categories, in category order (vermilion,
/// orange, blue, reddish purple, bluish green, sky blue, yellow).
pub const CATEGORY_PALETTE: [RGBColor; 7] = [
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0xf0, 0xe4, 0x42),
];

/// How a region is filled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fill {
    /// Neutral land (no data view).
    Plain,
    /// A data colour.
    Color(RGBColor),
    /// No figure reported: land colour with a hatch.
    NoData,
}

/// How values were put into classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Classification {
    /// One class per distinct value (few values).
    EachValue,
    /// Jenks natural breaks.
    NaturalBreaks,
}

/// One class of a scale: values from `lower` to `upper` inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Class {
    /// Smallest value in the class.
    pub lower: f64,
    /// Largest value in the class.
    pub upper: f64,
    /// Its colour.
    pub color: RGBColor,
}

/// A sequential colour scale for one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct ColorScale {
    /// Classes from low to high.
    pub classes: Vec<Class>,
    /// The method used.
    pub classification: Classification,
}

impl ColorScale {
    /// Classifies `values` (non-finite values are ignored) into at most five
    /// classes coloured from `palette`. Colours are spread over the palette so
    /// few classes still differ strongly, and the palmost step is skipped
    /// when there are fewer than five classes (too close to "no data").
    pub fn new(values: &[f64], palette: &[RGBColor; 5]) -> Self {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        crate::sort::sort_by(&mut sorted, f64::total_cmp);
        let mut distinct = sorted.clone();
        distinct.dedup();
        let (bounds, classification): (Vec<(f64, f64)>, Classification) = if distinct.len() <= 5 {
            (distinct.iter().map(|&v| (v, v)).collect(), Classification::EachValue)
        } else {
            (natural_breaks(&sorted, 5), Classification::NaturalBreaks)
        };
        let colors: &[usize] = match bounds.len() {
            0 => &[],
            1 => &[3],
            2 => &[1, 4],
            3 => &[1, 3, 4],
            4 => &[1, 2, 3, 4],
            _ => &[0, 1, 2, 3, 4],
        };
        let classes = bounds
            .iter()
            .zip(colors)
            .map(|(&(lower, upper), &c)| Class {
                lower,
                upper,
                color: palette[c],
            })
            .collect();
        Self {
            classes,
            classification,
        }
    }

    /// The class index of a value, if it falls in the scale's range.
    pub fn class_of(&self, value: f64) -> Option<usize> {
        if !value.is_finite() {
            return None;
        }
        self.classes
            .iter()
            .position(|c| value >= c.lower && value <= c.upper)
            .or_else(|| {
                // Between two classes (can't happen for classified values):
                // the highest class whose lower bound is below it.
                self.classes.iter().rposition(|c| value >= c.lower)
            })
    }
}

/// Jenks natural breaks: splits sorted values into `k` classes minimising
/// the within-class sum of squared deviations (Fisher's exact dynamic
/// programme, O(k·n²)). Returns (min, max) of each class.
pub fn natural_breaks(sorted: &[f64], k: usize) -> Vec<(f64, f64)> {
    let n = sorted.len();
    if n == 0 || k == 0 {
        return Vec::new();
    }
    let k = k.min(n);
    // cost[i][j]: squared deviations of sorted[i..=j]
    let mut prefix = vec![0.0; n + 1];
    let mut prefix_sq = vec![0.0; n + 1];
    for (i, &v) in sorted.iter().enumerate() {
        prefix[i + 1] = prefix[i] + v;
        prefix_sq[i + 1] = prefix_sq[i] + v * v;
    }
    let cost = |i: usize, j: usize| {
        let count = (j + 1 - i) as f64;
        let sum = prefix[j + 1] - prefix[i];
        (prefix_sq[j + 1] - prefix_sq[i]) - sum * sum / count
    };
    // best[c][j]: minimal cost of splitting sorted[0..=j] into c + 1 classes
    let mut best = vec![vec![f64::INFINITY; n]; k];
    let mut split = vec![vec![0usize; n]; k];
    for (j, slot) in best[0].iter_mut().enumerate() {
        *slot = cost(0, j);
    }
    for c in 1..k {
        for j in c..n {
            for i in c..=j {
                let candidate = best[c - 1][i - 1] + cost(i, j);
                if candidate < best[c][j] {
                    best[c][j] = candidate;
                    split[c][j] = i;
                }
            }
        }
    }
    let mut classes = Vec::with_capacity(k);
    let mut end = n - 1;
    for c in (0..k).rev() {
        let start = if c == 0 { 0 } else { split[c][end] };
        classes.push((sorted[start], sorted[end]));
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    classes.reverse();
    classes
}

/// What the map is coloured by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Each covered region by what its story is about.
    Focus,
    /// A metric by key.
    Metric(String),
}

impl View {
    /// The key used in URLs and the API (`focus` or the metric key).
    pub fn key(&self) -> &str {
        match self {
            View::Focus => "focus",
            View::Metric(key) => key,
        }
    }

    /// Parses a key against a dataset (`focus` or a known metric).
    pub fn from_key(key: &str, dataset: &Dataset) -> Option<View> {
        if key == "focus" {
            Some(View::Focus)
        } else {
            dataset.metric(key).map(|m| View::Metric(m.key.clone()))
        }
    }
}

/// The fills of every region for a view, plus the scale used (metric views).
#[derive(Debug, Clone, PartialEq)]
pub struct Choropleth {
    /// Fill per atlas region.
    pub fills: Vec<Fill>,
    /// The scale, for metric views.
    pub scale: Option<ColorScale>,
}

impl Choropleth {
    /// Colours `region_count` regions by `view`.
    pub fn new(dataset: &Dataset, view: &View, region_count: usize) -> Self {
        let mut fills = vec![Fill::NoData; region_count];
        match view {
            View::Focus => {
                for r in &dataset.regions {
                    let category = r
                        .focus
                        .as_deref()
                        .and_then(|f| dataset.focus_categories.iter().position(|c| c.key == f));
                    if let (Some(c), Some(fill)) = (category, fills.get_mut(r.region)) {
                        *fill = Fill::Color(CATEGORY_PALETTE[c % CATEGORY_PALETTE.len()]);
                    }
                }
                Self { fills, scale: None }
            }
            View::Metric(key) => {
                let Some(metric) = dataset.metric(key) else {
                    return Self { fills, scale: None };
                };
                let palette = match metric.group {
                    MetricGroup::Enforcement => &ENFORCEMENT_PALETTE,
                    MetricGroup::Education => &EDUCATION_PALETTE,
                };
                let values = dataset.values(key);
                let scale = ColorScale::new(&values.iter().map(|v| v.figure.value).collect::<Vec<_>>(), palette);
                for v in &values {
                    if let (Some(class), Some(fill)) = (scale.class_of(v.figure.value), fills.get_mut(v.region)) {
                        *fill = Fill::Color(scale.classes[class].color);
                    }
                }
                Self {
                    fills,
                    scale: Some(scale),
                }
            }
        }
    }
}

/// Relative luminance (WCAG 2.2) of a colour.
pub fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG contrast ratio of two colours (1–21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_values_get_one_class_each() {
        let scale = ColorScale::new(&[3600.0, 101.0], &ENFORCEMENT_PALETTE);
        assert_eq!(scale.classification, Classification::EachValue);
        assert_eq!(scale.classes.len(), 2);
        assert_eq!(scale.class_of(101.0), Some(0));
        assert_eq!(scale.class_of(3600.0), Some(1));
        assert_ne!(scale.classes[0].color, scale.classes[1].color);
    }

    #[test]
    fn natural_breaks_find_obvious_clusters() {
        let values = [1.0, 2.0, 3.0, 50.0, 51.0, 52.0, 100.0, 101.0, 200.0, 201.0, 500.0];
        let breaks = natural_breaks(&values, 5);
        assert_eq!(
            breaks,
            vec![(1.0, 3.0), (50.0, 52.0), (100.0, 101.0), (200.0, 201.0), (500.0, 500.0)]
        );
        let scale = ColorScale::new(&values, &EDUCATION_PALETTE);
        assert_eq!(scale.classification, Classification::NaturalBreaks);
        assert_eq!(scale.class_of(51.0), Some(1));
    }

    #[test]
    fn classes_of_one_scale_are_ordered_light_to_dark() {
        let scale = ColorScale::new(&[1.0, 2.0, 3.0, 4.0], &ENFORCEMENT_PALETTE);
        let l: Vec<f64> = scale.classes.iter().map(|c| luminance(c.color)).collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
    }
}
