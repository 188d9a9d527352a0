//! The shipped dataset: it validates, every figure is in the source article,
//! and no damaged text ships. Then hand-broken datasets: every problem is
//! reported with its JSON path and the valid rest is kept.
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use shengtu::dataset::{Dataset, Qualifier, DEFAULT_DATASET};
use std::collections::HashSet;

/// The seed article as received (converter damage included), kept for this
/// check only; nothing from it ships.
const SEED: &str = include_str!("fixtures/seed-2022-06.txt");

fn shipped() -> Dataset {
    let (dataset, problems) = Dataset::from_json(DEFAULT_DATASET, &support::atlas());
    assert!(problems.is_empty(), "the shipped dataset has problems:\n{problems:#?}");
    dataset
}

/// Every number written in the seed: digit runs (with decimals), scaled by a
/// following 萬, plus the single Chinese numerals the article uses for small
/// counts (兩輪 = 2, 五省區 = 5, 十年來 = 10).
fn seed_numbers() -> HashSet<String> {
    let mut numbers = HashSet::new();
    let chars: Vec<char> = SEED.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let value: f64 = text.parse().expect("digits parse");
            let value = if chars.get(i) == Some(&'萬') {
                value * 10_000.0
            } else {
                value
            };
            numbers.insert(canonical(value));
        } else {
            i += 1;
        }
    }
    for (numeral, value) in [
        ('一', 1.0),
        ('兩', 2.0),
        ('二', 2.0),
        ('三', 3.0),
        ('五', 5.0),
        ('十', 10.0),
    ] {
        if SEED.contains(numeral) {
            numbers.insert(canonical(value));
        }
    }
    numbers
}

fn canonical(value: f64) -> String {
    format!("{:.4}", (value * 10_000.0).round() / 10_000.0)
}

#[test]
fn the_shipped_dataset_validates_and_covers_the_ten_regions() {
    let dataset = shipped();
    let atlas = support::atlas();
    let mut ids: Vec<&str> = dataset
        .regions
        .iter()
        .map(|r| atlas.regions[r.region].id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["CN-AH", "CN-FJ", "CN-GS", "CN-GX", "CN-HI", "CN-JS", "CN-LN", "CN-NM", "CN-SD", "CN-YN"]
    );
    let yunnan = dataset
        .regions
        .iter()
        .find(|r| atlas.regions[r.region].id == "CN-YN")
        .unwrap();
    assert_eq!(yunnan.stories.len(), 2, "Yunnan has two separate stories");
    assert!(
        dataset.regions.iter().all(|r| r.focus.is_some()),
        "every covered region has a focus"
    );
}

#[test]
fn every_figure_appears_in_the_seed_article() {
    let numbers = seed_numbers();
    let dataset = shipped();
    let mut checked = 0;
    for region in &dataset.regions {
        for story in &region.stories {
            for figure in &story.figures {
                assert!(
                    numbers.contains(&canonical(figure.value)),
                    "{}: {} ({}) is not in the article",
                    story.id,
                    figure.value,
                    figure.label.en
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 25, "only {checked} figures checked");
    // And the seed parser itself finds what it should.
    for expected in [101.0, 3600.0, 23_000.0, 3_200_000.0, 2.5, 23.8] {
        assert!(numbers.contains(&canonical(expected)), "seed parser missed {expected}");
    }
}

#[test]
fn figures_keep_the_qualifiers_of_the_article() {
    let dataset = shipped();
    let find = |metric: &str, region: &str| {
        let atlas = support::atlas();
        dataset
            .values(metric)
            .into_iter()
            .find(|v| atlas.regions[v.region].id == region)
            .map(|v| (v.figure.value, v.figure.qualifier, v.figure.period.clone()))
            .unwrap_or_else(|| panic!("{region} has no {metric}"))
    };
    let (value, qualifier, period) = find("cases_solved", "CN-GS");
    assert_eq!((value, qualifier), (3600.0, Qualifier::MoreThan)); // 3600余起
    assert!(period.unwrap().label.en.contains("2018"));
    assert_eq!(find("gangs_dismantled", "CN-GS").1, Qualifier::Nearly); // 近600個
    let (value, qualifier, period) = find("cases_solved", "CN-NM");
    assert_eq!((value, qualifier), (101.0, Qualifier::Exact));
    assert!(period.unwrap().label.en.contains("2022"));
}

#[test]
fn no_damaged_text_ships_in_any_language() {
    let dataset = shipped();
    let texts = dataset.all_texts();
    assert!(texts.len() > 300, "only {} strings", texts.len());
    let tone_marks = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
    for text in texts {
        assert!(!text.contains('\u{fffd}'), "replacement character in {text:?}");
        assert!(
            !text.contains('?') && !text.contains('？'),
            "question mark (garbling) in {text:?}"
        );
        assert!(
            !text.chars().any(|c| tone_marks.contains(c)),
            "pinyin tone mark in {text:?}"
        );
        assert!(!text.contains('<') && !text.contains('>'), "markup in {text:?}");
        // Known mojibake of this converter: GBK read one byte out of step.
        for bad in ["谂", "顒", "蝇F", "(x", "(q", "(z"] {
            assert!(!text.contains(bad), "garbled {bad:?} in {text:?}");
        }
    }
}

#[test]
fn the_seed_really_is_damaged_so_the_checks_above_mean_something() {
    assert!(SEED.contains("統(tǒng)"), "pinyin annotation");
    assert!(SEED.contains("海南?谂e行"), "garbled place name (海口舉行)");
}

const BROKEN: &str = r#"{
  "schema": "shengtu-dataset/1",
  "id": "broken",
  "title": {"zh-Hans": "标题", "zh-Hant": "標題"},
  "source": {"name": {"zh-Hans": "源", "zh-Hant": "源", "en": "Source"}, "url": "javascript:alert(1)"},
  "metrics": [
    {"key": "cases_solved", "group": "enforcement", "label": {"zh-Hans": "案", "zh-Hant": "案", "en": "Cases"}, "unit": {"zh-Hans": "起", "zh-Hant": "起", "en": "cases"}},
    {"key": "cases_solved", "group": "enforcement", "label": {"zh-Hans": "案", "zh-Hant": "案", "en": "Cases"}, "unit": {"zh-Hans": "起", "zh-Hant": "起", "en": "cases"}}
  ],
  "regions": [
    {"region": "Atlantis", "stories": []},
    {"region": "甘肃", "stories": [
      {"id": "a", "headline": {"zh-Hans": "甲", "zh-Hant": "甲", "en": "A"}, "place": {"zh-Hans": "兰州", "zh-Hant": "蘭州", "en": "Lanzhou"},
       "section": {"zh-Hans": "节", "zh-Hant": "節", "en": "S"}, "summary": {"zh-Hans": "摘要", "zh-Hant": "摘要", "en": "Summary"},
       "source": {"zh-Hans": "源", "zh-Hant": "源", "en": "Source"},
       "figures": [
         {"metric": "cases_solved", "value": "3600", "qualifier": "more_than", "label": {"zh-Hans": "案", "zh-Hant": "案", "en": "Cases"}},
         {"metric": "seizures", "value": 5, "label": {"zh-Hans": "案", "zh-Hant": "案", "en": "Cases"}},
         {"metric": "cases_solved", "value": 12, "label": {"zh-Hans": "案", "zh-Hant": "案", "en": "Cases"}},
         {"value": -3, "unit": {"zh-Hans": "个", "zh-Hant": "個", "en": "x"}, "label": {"zh-Hans": "负", "zh-Hant": "負", "en": "Negative"}}
       ]},
      {"id": "a", "headline": {"zh-Hans": "乙", "zh-Hant": "乙", "en": "B"}, "place": {"zh-Hans": "兰州", "zh-Hant": "蘭州", "en": "Lanzhou"},
       "section": {"zh-Hans": "节", "zh-Hant": "節", "en": "S"}, "summary": {"zh-Hans": "摘要", "zh-Hant": "摘要", "en": "Summary"},
       "source": {"zh-Hans": "源", "zh-Hant": "源", "en": "Source"}, "figures": []}
    ]},
    {"region": "Nei Mongol", "stories": [
      {"id": "nm", "date": "2022-13-40", "headline": {"zh-Hans": "丙", "zh-Hant": "丙", "en": "C"}, "place": {"zh-Hans": "呼和浩特", "zh-Hant": "呼和浩特", "en": "Hohhot"},
       "section": {"zh-Hans": "节", "zh-Hant": "節", "en": "S"}, "summary": {"zh-Hans": "摘要", "zh-Hant": "摘要", "en": "Summary"},
       "source": {"zh-Hans": "源", "zh-Hant": "源", "en": "Source"},
       "figures": [{"metric": "cases_solved", "value": 101, "period": {"from": "2022-01-01", "to": "2022-06-24", "label": {"zh-Hans": "今年", "zh-Hant": "今年", "en": "This year"}}, "label": {"zh-Hans": "案", "zh-Hant": "案", "en": "Cases"}}]}
    ]}
  ]
}"#;

#[test]
fn every_problem_is_reported_with_its_json_path() {
    let (dataset, problems) = Dataset::from_json(BROKEN, &support::atlas());
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    for (path, words) in [
        ("$.title.en", "missing translation"),
        ("$.source.url", "http"),
        ("$.metrics[1].key", "duplicate metric"),
        ("$.regions[0].region", "unknown region"),
        ("$.regions[1].stories[0].figures[0].value", "expected a number"),
        ("$.regions[1].stories[0].figures[1].metric", "unknown metric"),
        ("$.regions[1].stories[0].figures[2].period", "missing period"),
        ("$.regions[1].stories[0].figures[3].value", "non-negative"),
        ("$.regions[1].stories[1].id", "duplicate story id"),
        ("$.regions[2].stories[0].date", "YYYY-MM-DD"),
    ] {
        let found = problems.iter().find(|p| p.path == path);
        let problem = found.unwrap_or_else(|| panic!("no problem reported at {path}; got {paths:#?}"));
        assert!(
            problem.message.contains(words),
            "{path}: {:?} does not mention {words:?}",
            problem.message
        );
    }
    // What is valid is kept: Inner Mongolia's figure (referred to by its
    // romanised name) still colours the map.
    let values = dataset.values("cases_solved");
    let atlas = support::atlas();
    assert_eq!(values.len(), 1, "{values:?}");
    assert_eq!(atlas.regions[values[0].region].id, "CN-NM");
}

#[test]
fn unreadable_json_is_one_problem_at_the_root_and_no_panic() {
    for text in ["", "{", "[1,2]", "null", "{\"schema\": 5}", "\u{feff}{}"] {
        let (dataset, problems) = Dataset::from_json(text, &support::atlas());
        assert!(!problems.is_empty(), "{text:?} gave no problem");
        assert!(problems.iter().all(|p| p.path.starts_with('$')));
        assert!(dataset.regions.is_empty());
    }
}

#[test]
fn regions_can_be_named_in_any_language_or_by_code() {
    let atlas = support::atlas();
    let nm = atlas.index_of("CN-NM");
    for key in [
        "内蒙古",
        "内蒙古自治区",
        "內蒙古自治區",
        "Inner Mongolia",
        "Nei Mongol",
        "inner mongolia autonomous region",
        "CN-NM",
        "cn-nm",
        "150000",
    ] {
        assert_eq!(atlas.lookup(key), nm, "{key:?}");
    }
    assert_eq!(atlas.lookup("Atlantis"), None);
    assert_eq!(atlas.lookup(""), None);
    assert_eq!(atlas.lookup("省"), None);
}

#[test]
fn oversized_inputs_are_reported_not_laid_out() {
    let atlas = support::atlas();
    let mut value: serde_json::Value = serde_json::from_str(DEFAULT_DATASET).unwrap();
    value["regions"][0]["stories"][0]["summary"]["en"] = serde_json::Value::String("x".repeat(10 * 1024 * 1024));
    let template = value["regions"][6]["stories"][0].clone();
    value["regions"][6]["stories"] = (0..10_000)
        .map(|i| {
            let mut s = template.clone();
            s["id"] = format!("s{i}").into();
            s
        })
        .collect();
    let (dataset, problems) = Dataset::from_json(&value.to_string(), &atlas);
    assert!(problems
        .iter()
        .any(|p| p.path == "$.regions[0].stories[0].summary.en" && p.message.contains("too long")));
    assert!(
        problems.iter().any(|p| p.message.contains("too many stories")),
        "{:?}",
        &problems[..3.min(problems.len())]
    );
    let stories: usize = dataset.regions.iter().map(|r| r.stories.len()).sum();
    assert!(stories <= shengtu::dataset::MAX_STORIES);
}
