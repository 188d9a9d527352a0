//! What the page says, as plain data: the legend, the story panel, the
//! status line and the map's label requests, for a dataset, a view and a
//! language. The browser shell only turns these into DOM nodes (as text,
//! never as HTML), so everything a reader sees is decided and tested here.

use crate::color_scale::{Choropleth, Classification, View, CATEGORY_PALETTE};
use crate::dataset::{format_figure, Dataset, Figure};
use crate::i18n::Ui;
use crate::labels::LabelRequest;
use crate::model::{Atlas, Lang};
use plotters::style::RGBColor;

/// A legend swatch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A solid colour.
    Color(RGBColor),
    /// The "no figure" hatch.
    Hatch,
}

/// One legend row.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// Its swatch.
    pub swatch: Swatch,
    /// Main text (a value with qualifier and unit, or a category).
    pub label: String,
    /// Secondary text (regions and periods).
    pub detail: String,
}

/// The legend of the current view.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    /// Title (metric and unit, or "campaign focus").
    pub title: String,
    /// Rows, low to high, then "no figure".
    pub entries: Vec<LegendEntry>,
    /// Classification and source notes.
    pub notes: Vec<String>,
}

/// A figure line of a story.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureLine {
    /// What is counted.
    pub label: String,
    /// The value with qualifier and unit.
    pub value: String,
    /// The period, if any.
    pub period: Option<String>,
}

/// A story as shown in the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryView {
    /// Story id (stable, for anchors and tests).
    pub id: String,
    /// Headline.
    pub headline: String,
    /// Date · place · section.
    pub meta: String,
    /// Summary.
    pub summary: String,
    /// Key figures.
    pub figures: Vec<FigureLine>,
    /// Photo credit.
    pub credit: Option<String>,
    /// Source line.
    pub source: String,
}

/// The story panel of a region.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Region short name.
    pub title: String,
    /// Region full name.
    pub subtitle: String,
    /// Stories in order.
    pub stories: Vec<StoryView>,
    /// Shown when there are no stories.
    pub empty_note: Option<String>,
}

/// Formats an ISO date for a language (`2022年6月24日`, `24 June 2022`).
pub fn format_date(iso: &str, lang: Lang) -> String {
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    let [year, month, day] = parts[..] else {
        return iso.to_string();
    };
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::En => match (month as usize).checked_sub(1).and_then(|m| MONTHS.get(m)) {
            Some(name) => format!("{day} {name} {year}"),
            None => iso.to_string(),
        },
        _ => format!("{year}年{month}月{day}日"),
    }
}

/// Decimal places for a figure: the metric's, or as many as the value needs.
fn decimals(figure: &Figure, dataset: &Dataset) -> u8 {
    let declared = figure
        .metric
        .as_deref()
        .and_then(|m| dataset.metric(m))
        .map_or(0, |m| m.decimals);
    let needed = if figure.value.fract() == 0.0 {
        0
    } else if (figure.value * 10.0).fract() == 0.0 {
        1
    } else {
        2
    };
    declared.max(needed)
}

/// A figure's value text with qualifier and unit in `lang`.
pub fn figure_text(figure: &Figure, dataset: &Dataset, lang: Lang) -> String {
    let unit = match (&figure.metric, &figure.unit) {
        (_, Some(unit)) => unit.get(lang).to_string(),
        (Some(metric), None) => dataset
            .metric(metric)
            .map(|m| m.unit.get(lang).to_string())
            .unwrap_or_default(),
        (None, None) => String::new(),
    };
    format_figure(figure.value, figure.qualifier, &unit, decimals(figure, dataset), lang)
}

/// The legend for a view.
pub fn legend(dataset: &Dataset, atlas: &Atlas, view: &View, choropleth: &Choropleth, lang: Lang) -> Legend {
    let source = format!("{}: {}", Ui::Source.text(lang), dataset.source.name.get(lang));
    let name = |i: usize| atlas.regions.get(i).map_or("?", |r| r.name.get(lang)).to_string();
    let join = |names: Vec<String>| names.join(if lang == Lang::En { ", " } else { "、" });
    match view {
        View::Focus => {
            let mut entries: Vec<LegendEntry> = dataset
                .focus_categories
                .iter()
                .enumerate()
                .filter_map(|(c, category)| {
                    let regions: Vec<String> = dataset
                        .regions
                        .iter()
                        .filter(|r| r.focus.as_deref() == Some(category.key.as_str()))
                        .map(|r| name(r.region))
                        .collect();
                    (!regions.is_empty()).then(|| LegendEntry {
                        swatch: Swatch::Color(CATEGORY_PALETTE[c % CATEGORY_PALETTE.len()]),
                        label: category.label.get(lang).to_string(),
                        detail: join(regions),
                    })
                })
                .collect();
            let uncovered = choropleth
                .fills
                .iter()
                .filter(|f| matches!(f, crate::color_scale::Fill::NoData))
                .count();
            entries.push(LegendEntry {
                swatch: Swatch::Hatch,
                label: Ui::NotCovered.text(lang).to_string(),
                detail: count_text(uncovered, lang),
            });
            Legend {
                title: Ui::CampaignFocus.text(lang).to_string(),
                entries,
                notes: vec![source],
            }
        }
        View::Metric(key) => {
            let Some(metric) = dataset.metric(key) else {
                return Legend {
                    title: key.clone(),
                    entries: Vec::new(),
                    notes: vec![source],
                };
            };
            let values = dataset.values(key);
            let mut entries = Vec::new();
            if let Some(scale) = &choropleth.scale {
                for (c, class) in scale.classes.iter().enumerate() {
                    let members: Vec<_> = values
                        .iter()
                        .filter(|v| scale.class_of(v.figure.value) == Some(c))
                        .collect();
                    let label = match scale.classification {
                        Classification::EachValue => members
                            .first()
                            .map_or_else(String::new, |v| figure_text(v.figure, dataset, lang)),
                        Classification::NaturalBreaks => {
                            let unit = metric.unit.get(lang);
                            let q = crate::dataset::Qualifier::Exact;
                            let low = format_figure(class.lower, q, "", metric.decimals, lang);
                            let high = format_figure(class.upper, q, unit, metric.decimals, lang);
                            format!("{low}–{high}")
                        }
                    };
                    let detail = join(
                        members
                            .iter()
                            .map(|v| match &v.figure.period {
                                Some(p) => format!("{} · {}", name(v.region), p.label.get(lang)),
                                None => name(v.region),
                            })
                            .collect(),
                    );
                    entries.push(LegendEntry {
                        swatch: Swatch::Color(class.color),
                        label,
                        detail,
                    });
                }
            }
            entries.push(LegendEntry {
                swatch: Swatch::Hatch,
                label: Ui::NoFigure.text(lang).to_string(),
                detail: count_text(atlas.regions.len() - values.len(), lang),
            });
            let method = match choropleth.scale.as_ref().map(|s| s.classification) {
                Some(Classification::NaturalBreaks) => Ui::NaturalBreaks.text(lang),
                _ => Ui::EachValue.text(lang),
            };
            Legend {
                title: format!("{} ({})", metric.label.get(lang), metric.unit.get(lang)),
                entries,
                notes: vec![method.to_string(), source],
            }
        }
    }
}

fn count_text(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n} {}", Ui::Regions.text(lang)),
        _ => format!("{n}{}", Ui::Regions.text(lang)),
    }
}

/// The story panel for a region.
pub fn panel(dataset: &Dataset, atlas: &Atlas, region: usize, lang: Lang) -> Option<Panel> {
    let r = atlas.regions.get(region)?;
    let stories: Vec<StoryView> = dataset
        .stories_of(region)
        .map(|entry| {
            entry
                .stories
                .iter()
                .map(|s| {
                    let mut meta = Vec::new();
                    if let Some(date) = &s.date {
                        meta.push(format_date(date, lang));
                    }
                    meta.push(s.place.get(lang).to_string());
                    meta.push(s.section.get(lang).to_string());
                    StoryView {
                        id: s.id.clone(),
                        headline: s.headline.get(lang).to_string(),
                        meta: meta.join(" · "),
                        summary: s.summary.get(lang).to_string(),
                        figures: s
                            .figures
                            .iter()
                            .map(|f| FigureLine {
                                label: f.label.get(lang).to_string(),
                                value: figure_text(f, dataset, lang),
                                period: f.period.as_ref().map(|p| p.label.get(lang).to_string()),
                            })
                            .collect(),
                        credit: s.credit.as_ref().map(|c| c.get(lang).to_string()),
                        source: s.source.get(lang).to_string(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let empty_note = stories.is_empty().then(|| Ui::NoStory.text(lang).to_string());
    Some(Panel {
        title: r.name.get(lang).to_string(),
        subtitle: r.full_name.get(lang).to_string(),
        stories,
        empty_note,
    })
}

/// A region's value in the view and its period label (empty if none): the
/// figure with qualifier and unit, "no figure reported", or in the focus view
/// the campaign-focus category (or "not covered").
pub fn value_of(dataset: &Dataset, view: &View, region: usize, lang: Lang) -> (String, String) {
    match view {
        View::Metric(key) => match dataset.values(key).into_iter().find(|v| v.region == region) {
            Some(v) => (
                figure_text(v.figure, dataset, lang),
                v.figure
                    .period
                    .as_ref()
                    .map(|p| p.label.get(lang).to_string())
                    .unwrap_or_default(),
            ),
            None => (Ui::NoFigure.text(lang).to_string(), String::new()),
        },
        View::Focus => (
            dataset
                .stories_of(region)
                .and_then(|e| e.focus.as_deref())
                .and_then(|f| dataset.focus_category(f))
                .map_or_else(
                    || Ui::NotCovered.text(lang).to_string(),
                    |c| c.label.get(lang).to_string(),
                ),
            String::new(),
        ),
    }
}

/// One sentence about a region in the current view, for the status line and
/// screen readers: "Gansu: more than 3,600 cases (since 2018). 1 story."
pub fn status(dataset: &Dataset, atlas: &Atlas, view: &View, region: usize, lang: Lang) -> String {
    let Some(r) = atlas.regions.get(region) else {
        return String::new();
    };
    let name = r.name.get(lang);
    let stories = dataset.stories_of(region).map_or(0, |e| e.stories.len());
    let (value, period) = value_of(dataset, view, region, lang);
    let value = if period.is_empty() {
        value
    } else {
        format!("{value} · {period}")
    };
    match lang {
        Lang::En => {
            let plural = if stories == 1 { "story" } else { "stories" };
            format!("{name}: {value}. {stories} {plural}.")
        }
        Lang::ZhHans => format!("{name}：{value}。{stories}篇报道。"),
        Lang::ZhHant => format!("{name}：{value}。{stories}篇報道。"),
    }
}

/// Regions ordered for Home/End: by the view's value, highest first (regions
/// without a value follow in atlas order); in the focus view, the regions
/// with stories, most stories first.
pub fn ranked(dataset: &Dataset, view: &View, region_count: usize) -> Vec<usize> {
    let mut scored: Vec<(usize, f64)> = match view {
        View::Metric(key) => dataset.values(key).iter().map(|v| (v.region, v.figure.value)).collect(),
        View::Focus => dataset
            .regions
            .iter()
            .map(|r| (r.region, r.stories.len() as f64))
            .collect(),
    };
    crate::sort::sort_by(&mut scored, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut order: Vec<usize> = scored.into_iter().map(|(i, _)| i).collect();
    let rest: Vec<usize> = (0..region_count).filter(|i| !order.contains(i)).collect();
    order.extend(rest);
    order
}

/// One row of the accessible data table / CSV export.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// ISO id.
    pub id: String,
    /// Name in the language.
    pub name: String,
    /// Value with qualifier and unit, the focus category, or "no figure".
    pub value: String,
    /// Period label, if any.
    pub period: String,
    /// Number of stories.
    pub stories: usize,
}

/// Every region's row for the current view, in [`ranked`] order.
pub fn table_rows(dataset: &Dataset, atlas: &Atlas, view: &View, lang: Lang) -> Vec<TableRow> {
    ranked(dataset, view, atlas.regions.len())
        .into_iter()
        .map(|i| {
            let stories = dataset.stories_of(i).map_or(0, |e| e.stories.len());
            let (value, period) = value_of(dataset, view, i, lang);
            TableRow {
                id: atlas.regions[i].id.clone(),
                name: atlas.regions[i].name.get(lang).to_string(),
                value,
                period,
                stories,
            }
        })
        .collect()
}

/// Label requests in priority order: the selected region, regions with
/// stories (largest first), then the rest (largest first).
pub fn label_requests(dataset: &Dataset, atlas: &Atlas, selected: Option<usize>, lang: Lang) -> Vec<LabelRequest> {
    let mut order: Vec<usize> = (0..atlas.regions.len()).collect();
    // Keys computed once, not in every comparison (an area walks every vertex).
    let keys: Vec<((bool, bool), f64)> = atlas
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| ((Some(i) != selected, dataset.stories_of(i).is_none()), r.area()))
        .collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        keys[a].0.cmp(&keys[b].0).then(keys[b].1.total_cmp(&keys[a].1))
    });
    order
        .into_iter()
        .map(|region| LabelRequest {
            region,
            text: atlas.regions[region].name.get(lang).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        assert_eq!(format_date("2022-06-24", Lang::En), "24 June 2022");
        assert_eq!(format_date("2022-06-24", Lang::ZhHans), "2022年6月24日");
        assert_eq!(format_date("garbage", Lang::En), "garbage");
        assert_eq!(format_date("2022-00-01", Lang::En), "2022-00-01");
    }
}
