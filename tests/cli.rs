//! The command line, run as a process: `check` verdicts and exit codes with
//! golden text and JSON outputs, `table` output, and rendered images (PNG
//! compared with a golden within a tolerance; SVG with CJK labels).
#![cfg(not(target_arch = "wasm32"))] // native tests; the browser ones are in tests/web.rs

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shengtu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shengtu"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the shengtu binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compares text with `tests/golden/<name>` (same discipline as images).
fn assert_golden_text(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    if update || !path.exists() {
        assert!(
            update || std::env::var_os("CI").is_none(),
            "golden {} is missing",
            path.display()
        );
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(
        expected == actual,
        "{name} differs from its golden:\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

#[test]
fn check_accepts_the_shipped_dataset() {
    let o = shengtu(&["check", "assets/data/campaign-2022.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_golden_text("check-good.txt", &stdout(&o));
}

#[test]
fn check_reports_every_problem_with_path_and_hint() {
    let o = shengtu(&["check", "tests/fixtures/cli/bad.json"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("error $.regions[0].stories[0].figures[0].value: expected a number"),
        "{text}"
    );
    assert!(text.contains("hint: write the number without quotes"), "{text}");
    assert_golden_text("check-bad.txt", &text);

    let o = shengtu(&["check", "--format", "json", "tests/fixtures/cli/bad.json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(report["valid"], false);
    let paths: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "$.title.en",
            "$.regions[0].stories[0].figures[0].value",
            "$.regions[1].region"
        ]
    );
    assert!(report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| !p["hint"].as_str().unwrap().is_empty()));
    assert_golden_text("check-bad.json", &stdout(&o));
}

#[test]
fn check_exit_codes_distinguish_unreadable_input_and_usage() {
    assert_eq!(shengtu(&["check", "no/such/file.json"]).status.code(), Some(2));
    assert_eq!(shengtu(&["check"]).status.code(), Some(2));
    assert_eq!(
        shengtu(&["check", "--format", "xml", "assets/data/campaign-2022.json"])
            .status
            .code(),
        Some(2)
    );
    let quiet = shengtu(&["check", "--quiet", "tests/fixtures/cli/bad.json"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
    let not_json = out_dir().join("not.json");
    std::fs::write(&not_json, "{ this is not json").unwrap();
    let o = shengtu(&["check", not_json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "malformed JSON is invalid data, located at $");
    assert!(stdout(&o).contains("error $: not valid JSON"));
}

#[test]
fn check_can_use_a_newsroom_boundary_file() {
    // The fixture atlas has regions T-FRAME, T-HOLE and T-PAIR only.
    let o = shengtu(&[
        "check",
        "--geometry",
        "tests/fixtures/squares.topo.json",
        "assets/data/campaign-2022.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("unknown region \"CN-LN\""), "{}", stdout(&o));
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["render", "--help"],
        &["table", "--help"],
        &["help", "render"],
    ] {
        let o = shengtu(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout(&o).contains("shengtu"), "{args:?}");
    }
    assert_eq!(shengtu(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn table_lists_values_with_qualifier_unit_and_period() {
    let o = shengtu(&["table", "--metric", "cases_solved", "--lang", "en", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    assert_golden_text("table-cases-en.csv", &stdout(&o));
    let o = shengtu(&[
        "table",
        "--metric",
        "cases_solved",
        "--lang",
        "zh-Hans",
        "--format",
        "md",
    ]);
    assert_golden_text("table-cases-zh-Hans.md", &stdout(&o));
    let text = stdout(&o);
    assert!(
        text.contains("| CN-GS | 620000 | 甘肃 | 3600 | more_than | 起 | 3600余起 | 2018-01-01 |"),
        "{text}"
    );
    let o = shengtu(&["table", "--format", "csv"]);
    assert_eq!(stdout(&o).lines().count(), 11, "focus view: header + 10 regions");
}

#[test]
fn render_writes_an_svg_with_cjk_labels_legend_and_credit() {
    let path = out_dir().join("map.svg");
    let o = shengtu(&[
        "render",
        "--metric",
        "livestream_views",
        "--lang",
        "zh-Hans",
        "--width",
        "640",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&path).unwrap();
    for text in [
        "云南",
        "江苏",
        "新疆",
        "直播在线观看",
        "360万人次",
        "320万人次",
        "Natural Earth",
        "省图 shengtu",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    assert_golden_text("render-livestream-zh-Hans.svg", &svg);
}

#[test]
fn render_writes_a_png_matching_its_golden() {
    let path = out_dir().join("map.png");
    let o = shengtu(&[
        "render",
        "--metric",
        "cases_solved",
        "--lang",
        "en",
        "--width",
        "640",
        "--region",
        "CN-GS",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let decoder = png::Decoder::new(std::fs::File::open(&path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgb);
    // Text is rasterised by the system's CJK font: allow small differences.
    support::assert_golden_png("render-cases-en-640", &buf, info.width, info.height, 24, 0.01);
}

#[test]
fn render_rejects_bad_options_with_usage_errors() {
    assert_eq!(shengtu(&["render", "--out", "x.gif"]).status.code(), Some(2));
    assert_eq!(
        shengtu(&["render", "--metric", "nope", "--out", "x.svg"]).status.code(),
        Some(2)
    );
    assert_eq!(
        shengtu(&["render", "--width", "99999", "--out", "x.svg"]).status.code(),
        Some(2)
    );
    assert_eq!(
        shengtu(&["render", "--font", "/no/such/font.ttf", "--out", "x.png"])
            .status
            .code(),
        Some(2)
    );
}
