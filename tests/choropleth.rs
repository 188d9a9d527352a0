//! The choropleth and its legend: honest classes, "no figure" never looks
//! like zero, the focus view covers every region with a story, labels never
//! overlap, and the map's text renders (SVG) in every language.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use plotters::prelude::*;
use shengtu::color_scale::{Choropleth, Classification, Fill, View};
use shengtu::dataset::{Dataset, DEFAULT_DATASET};
use shengtu::labels::place_labels;
use shengtu::model::Lang;
use shengtu::present::{self, Swatch};
use shengtu::render::{draw_map, MapStyle, Theme};
use shengtu::scene::Scene;
use shengtu::state::ViewState;

fn shipped() -> Dataset {
    Dataset::from_json(DEFAULT_DATASET, &support::atlas()).0
}

#[test]
fn every_metric_colours_exactly_the_regions_that_reported_it() {
    let atlas = support::atlas();
    let dataset = shipped();
    for metric in &dataset.metrics {
        let view = View::Metric(metric.key.clone());
        let map = Choropleth::new(&dataset, &view, atlas.regions.len());
        let reported: Vec<usize> = dataset.values(&metric.key).iter().map(|v| v.region).collect();
        assert!(!reported.is_empty(), "{} has no value", metric.key);
        for (i, fill) in map.fills.iter().enumerate() {
            match fill {
                Fill::Color(_) => assert!(
                    reported.contains(&i),
                    "{}: {} coloured without a figure",
                    metric.key,
                    atlas.regions[i].id
                ),
                Fill::NoData => assert!(
                    !reported.contains(&i),
                    "{}: {} hatched despite a figure",
                    metric.key,
                    atlas.regions[i].id
                ),
                Fill::Plain => panic!("metric views never draw plain land"),
            }
        }
        // Few values: one class per value, so the legend states each exactly.
        assert_eq!(map.scale.as_ref().unwrap().classification, Classification::EachValue);
    }
}

#[test]
fn zero_is_a_value_not_a_missing_figure() {
    let atlas = support::atlas();
    let json = DEFAULT_DATASET.replacen("\"value\": 101,", "\"value\": 0,", 1);
    let (dataset, problems) = Dataset::from_json(&json, &atlas);
    assert!(problems.is_empty(), "{problems:?}");
    let map = Choropleth::new(&dataset, &View::Metric("cases_solved".into()), atlas.regions.len());
    let nm = atlas.index_of("CN-NM").unwrap();
    assert!(
        matches!(map.fills[nm], Fill::Color(_)),
        "a reported 0 is coloured, not hatched"
    );
    let legend = present::legend(&dataset, &atlas, &View::Metric("cases_solved".into()), &map, Lang::En);
    assert!(legend
        .entries
        .iter()
        .any(|e| e.label == "0 cases" && matches!(e.swatch, Swatch::Color(_))));
    let missing = legend.entries.last().unwrap();
    assert_eq!(missing.swatch, Swatch::Hatch);
    assert_eq!(missing.detail, "32 regions");
}

#[test]
fn the_legend_shows_values_with_qualifier_unit_period_and_source() {
    let atlas = support::atlas();
    let dataset = shipped();
    let view = View::Metric("cases_solved".into());
    let map = Choropleth::new(&dataset, &view, atlas.regions.len());
    let en = present::legend(&dataset, &atlas, &view, &map, Lang::En);
    assert_eq!(en.title, "Drug cases solved (cases)");
    let rows: Vec<(String, String)> = en.entries.iter().map(|e| (e.label.clone(), e.detail.clone())).collect();
    assert!(
        rows[0].0 == "101 cases" && rows[0].1.starts_with("Inner Mongolia · 2022 to date"),
        "{rows:?}"
    );
    assert!(
        rows[1].0 == "more than 3,600 cases" && rows[1].1.starts_with("Gansu · Since 2018"),
        "{rows:?}"
    );
    assert!(en.notes.iter().any(|n| n.starts_with("Source: ")));
    let hans = present::legend(&dataset, &atlas, &view, &map, Lang::ZhHans);
    assert_eq!(hans.entries[1].label, "3600余起");
    let hant = present::legend(&dataset, &atlas, &view, &map, Lang::ZhHant);
    assert_eq!(hant.entries[1].label, "3600餘起");
}

#[test]
fn the_focus_view_colours_every_covered_region_by_category() {
    let atlas = support::atlas();
    let dataset = shipped();
    let map = Choropleth::new(&dataset, &View::Focus, atlas.regions.len());
    let coloured = map.fills.iter().filter(|f| matches!(f, Fill::Color(_))).count();
    assert_eq!(coloured, 10);
    let legend = present::legend(&dataset, &atlas, &View::Focus, &map, Lang::En);
    let listed: usize = legend
        .entries
        .iter()
        .filter(|e| matches!(e.swatch, Swatch::Color(_)))
        .map(|e| e.detail.split(", ").count())
        .sum();
    assert_eq!(listed, 10, "{legend:#?}");
    assert_eq!(legend.entries.last().unwrap().detail, "24 regions");
}

#[test]
fn status_lines_carry_value_period_and_story_count() {
    let atlas = support::atlas();
    let dataset = shipped();
    let gansu = atlas.index_of("CN-GS").unwrap();
    let view = View::Metric("cases_solved".into());
    let en = present::status(&dataset, &atlas, &view, gansu, Lang::En);
    assert!(en.starts_with("Gansu: more than 3,600 cases · Since 2018"), "{en}");
    assert!(en.ends_with("1 story."), "{en}");
    let yunnan = atlas.index_of("CN-YN").unwrap();
    assert!(present::status(&dataset, &atlas, &View::Focus, yunnan, Lang::ZhHans).ends_with("2篇报道。"));
}

#[test]
fn labels_never_overlap_and_stay_on_the_canvas() {
    let atlas = support::atlas();
    let dataset = shipped();
    for width in [320.0, 375.0, 768.0, 1280.0, 1600.0] {
        let scene = Scene::new(&atlas, width, 2.0);
        for lang in Lang::ALL {
            let requests = present::label_requests(&dataset, &atlas, atlas.index_of("CN-GS"), lang);
            let labels = place_labels(&scene, &requests, 12.0);
            assert!(labels.len() >= 10, "{width} {lang:?}: only {} labels", labels.len());
            assert_eq!(
                labels[0].region,
                atlas.index_of("CN-GS").unwrap(),
                "the selected region is labelled first"
            );
            for (i, a) in labels.iter().enumerate() {
                assert!(a.bounds.min_x >= 0.0 && a.bounds.max_x <= f64::from(scene.layout.width));
                for b in &labels[i + 1..] {
                    assert!(
                        !a.bounds.intersects(&b.bounds),
                        "{width} {lang:?}: {} overlaps {}",
                        a.text,
                        b.text
                    );
                }
            }
        }
    }
}

#[test]
fn hatching_marks_regions_without_a_figure_and_only_them() {
    let atlas = support::atlas();
    let dataset = shipped();
    let scene = Scene::new(&atlas, 800.0, 1.0);
    let map = Choropleth::new(&dataset, &View::Metric("cases_solved".into()), atlas.regions.len());
    let style = MapStyle {
        fills: map.fills.clone(),
        ..MapStyle::plain(Theme::LIGHT)
    };
    let (w, h) = (scene.layout.width, scene.layout.height);
    let mut buffer = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (w, h)).into_drawing_area();
        draw_map(&root, &scene, &ViewState::default(), &style).unwrap();
        root.present().unwrap();
    }
    let RGBColor(r, g, b) = Theme::LIGHT.hatch;
    let hatch_pixels_in = |id: &str| {
        let region = &scene.regions[atlas.index_of(id).unwrap()];
        let bounds = region.polygons[0].bounds;
        let mut count = 0;
        for y in bounds.min_y as u32..bounds.max_y as u32 {
            for x in bounds.min_x as u32..bounds.max_x as u32 {
                let i = ((y * w + x) * 3) as usize;
                if region.polygons[0].contains(shengtu::geometry::Point::new(f64::from(x), f64::from(y)))
                    && buffer[i..i + 3] == [r, g, b]
                {
                    count += 1;
                }
            }
        }
        count
    };
    assert!(hatch_pixels_in("CN-SC") > 300, "Sichuan (no figure) is hatched");
    assert_eq!(hatch_pixels_in("CN-GS"), 0, "Gansu (reported) is not hatched");
}

#[test]
fn map_text_renders_in_every_language_in_svg() {
    let atlas = support::atlas();
    let dataset = shipped();
    let scene = Scene::new(&atlas, 800.0, 1.0);
    for (lang, expected) in [
        (Lang::ZhHans, ["甘肃", "内蒙古", "黑龙江"]),
        (Lang::ZhHant, ["甘肅", "內蒙古", "黑龍江"]),
        (Lang::En, ["Gansu", "Inner Mongolia", "Heilongjiang"]),
    ] {
        let requests = present::label_requests(&dataset, &atlas, None, lang);
        let style = MapStyle {
            labels: place_labels(&scene, &requests, 12.0),
            ..MapStyle::plain(Theme::LIGHT)
        };
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (scene.layout.width, scene.layout.height)).into_drawing_area();
            draw_map(&root, &scene, &ViewState::default(), &style).unwrap();
            root.present().unwrap();
        }
        for name in expected {
            assert!(
                svg.contains(&format!(">\n{name}\n</text>")),
                "{lang:?}: {name} is not drawn"
            );
        }
    }
}
