//! The `shengtu` command line: check a newsroom's data, render static map
//! images (PNG/SVG) with the browser's drawing code, export tables.
//!
//! Exit codes: 0 success (or valid data), 1 invalid data, 2 unreadable input
//! or usage errors. Results go to stdout; diagnostics and progress to stderr;
//! colour only when the stream is a terminal and `NO_COLOR` is unset.

use crate::color_scale::{Choropleth, View};
use crate::dataset::{Dataset, Problem, DEFAULT_DATASET};
use crate::i18n::Ui;
use crate::labels::place_labels;
use crate::model::{Atlas, Lang};
use crate::poster::{draw_poster, Poster, PosterLayout};
use crate::present;
use crate::render::{MapStyle, Theme};
use crate::scene::Scene;
use crate::state::ViewState;
use crate::topology::{default_atlas, parse_atlas};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

const HELP: &str = "shengtu: check map data, render static map images, export tables

Usage:
  shengtu check DATA.json [--geometry FILE] [--format text|json] [--quiet]
  shengtu render [--data FILE] [--geometry FILE] [--metric KEY] [--lang zh-Hans|zh-Hant|en]
                 [--width CSS_PX] [--scale RATIO] [--theme light|dark] [--region ID]
                 [--font FILE] [--quiet] --out FILE.png|FILE.svg
  shengtu table [--data FILE] [--metric KEY] [--lang L] --format csv|md [--out FILE]
  shengtu encode-geometry IN.topo.json OUT.stg
  shengtu help [COMMAND]     shengtu COMMAND --help     shengtu --version

Exit codes: 0 ok, 1 the data has problems, 2 unreadable input or bad usage.
";

const HELP_CHECK: &str = "shengtu check DATA.json [--geometry FILE] [--format text|json] [--quiet]

Validates a story dataset (assets/data/README.md) against the built-in
geometry or a boundary file of your own (TopoJSON, objects.provinces), and
prints every problem with its JSON path and a one-line fix hint.

  --geometry FILE   TopoJSON boundaries to check region references against
  --format json     machine-readable output: {file, valid, problems[], summary}
  --quiet           print nothing; only the exit code tells (0 valid, 1 not, 2 unreadable)
";

const HELP_RENDER: &str = "shengtu render [options] --out FILE.png|FILE.svg

Draws the map exactly as the browser does (same projection, inset, colours,
labels), with title, legend, notes, source and credit.

  --data FILE       dataset (default: the built-in 2022 campaign report)
  --geometry FILE   TopoJSON boundaries (default: built-in)
  --metric KEY      focus (default) or a metric key, e.g. cases_solved
  --lang L          zh-Hans (default), zh-Hant or en
  --width PX        map width in CSS px, 320-1600 (default 1200)
  --scale S         pixel ratio, 0.5-4 (default 1; 2 for retina/social cards)
  --theme T         light (default) or dark
  --region ID       draw this region selected
  --font FILE       a TTF/OTF/TTC font with CJK glyphs for PNG output
                    (default: Noto Sans CJK from fonts-noto-cjk, found via fc-match)
  --out FILE        .png or .svg
";

const HELP_TABLE: &str = "shengtu table [--data FILE] [--metric KEY] [--lang L] --format csv|md [--out FILE]

Lists the regions and values of a metric (or the campaign focus) with unit,
qualifier and period, as CSV or a Markdown table.
";

/// A failure with its exit code.
#[derive(Debug)]
struct Failure {
    code: i32,
    message: String,
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

struct Terminal {
    color: bool,
    quiet: bool,
}

impl Terminal {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn progress(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }
}

/// Parsed options: `--key value` pairs, flags, and positional arguments.
struct Options {
    values: Vec<(String, String)>,
    flags: Vec<String>,
    positional: Vec<String>,
}

impl Options {
    fn parse(args: &[String], with_value: &[&str], flags: &[&str]) -> Result<Options, Failure> {
        let mut options = Options {
            values: Vec::new(),
            flags: Vec::new(),
            positional: Vec::new(),
        };
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            if let Some(name) = arg.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (name, None),
                };
                if with_value.contains(&name) {
                    let value = match inline {
                        Some(v) => v,
                        None => {
                            i += 1;
                            args.get(i)
                                .cloned()
                                .ok_or_else(|| usage(format!("--{name} needs a value")))?
                        }
                    };
                    options.values.push((name.to_string(), value));
                } else if flags.contains(&name) {
                    options.flags.push(name.to_string());
                } else {
                    return Err(usage(format!("unknown option --{name} (see --help)")));
                }
            } else {
                options.positional.push(arg.clone());
            }
            i += 1;
        }
        Ok(options)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }
}

/// Runs the command line with `args` (without the program name) and returns
/// the exit code.
pub fn run(args: &[String]) -> i32 {
    let wants_help = args.iter().any(|a| a == "--help" || a == "-h");
    let result = match args.first().map(String::as_str) {
        None => {
            eprint!("{HELP}");
            Err(usage("no command given"))
        }
        Some("--version" | "-V") => {
            println!("shengtu {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Some("help" | "--help" | "-h") => {
            print!(
                "{}",
                match args.get(1).map(String::as_str) {
                    Some("check") => HELP_CHECK,
                    Some("render") => HELP_RENDER,
                    Some("table") => HELP_TABLE,
                    _ => HELP,
                }
            );
            Ok(0)
        }
        Some("check") if wants_help => {
            print!("{HELP_CHECK}");
            Ok(0)
        }
        Some("render") if wants_help => {
            print!("{HELP_RENDER}");
            Ok(0)
        }
        Some("table") if wants_help => {
            print!("{HELP_TABLE}");
            Ok(0)
        }
        Some("check") => check(&args[1..]),
        Some("render") => render(&args[1..]),
        Some("table") => table(&args[1..]),
        Some("encode-geometry") => encode_geometry(&args[1..]),
        Some(other) => Err(usage(format!(
            "unknown command {other:?} (commands: check, render, table, encode-geometry)"
        ))),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let prefix = if color { "\x1b[1;31merror:\x1b[0m" } else { "error:" };
            eprintln!("{prefix} {}", failure.message);
            failure.code
        }
    }
}

/// `encode-geometry IN.topo.json OUT.stg`: the compact binary geometry the
/// browser embeds (see `geometry_codec`), from the committed TopoJSON.
fn encode_geometry(args: &[String]) -> Result<i32, Failure> {
    let [input, output] = args else {
        return Err(usage("encode-geometry needs IN.topo.json and OUT.stg"));
    };
    let text = read(Path::new(input))?;
    let fail = |message: String| Failure { code: 1, message };
    let topology = crate::topology::read_topology(&text, "provinces").map_err(|e| fail(format!("{input}: {e}")))?;
    let bytes = crate::geometry_codec::encode(&topology).map_err(|e| fail(format!("{input}: {e}")))?;
    std::fs::write(output, &bytes).map_err(|e| Failure {
        code: 2,
        message: format!("cannot write {output}: {e}"),
    })?;
    eprintln!(
        "{output}: {} bytes ({} arcs, {} regions)",
        bytes.len(),
        topology.arcs.len(),
        topology.regions.len()
    );
    Ok(0)
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read(path)
        .map_err(|e| Failure {
            code: 2,
            message: format!("cannot read {}: {e}", path.display()),
        })
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| Failure {
                code: 2,
                message: format!("{} is not UTF-8 text", path.display()),
            })
        })
        .map(|text| text.trim_start_matches('\u{feff}').to_string())
}

/// The built-in atlas, or a boundary file: its `provinces` object, or its
/// only object.
fn load_atlas(path: Option<&str>) -> Result<Atlas, Failure> {
    let Some(path) = path else {
        return default_atlas().map_err(|e| Failure {
            code: 2,
            message: format!("built-in geometry: {e}"),
        });
    };
    let text = read(Path::new(path))?;
    let object = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            let objects = v.get("objects")?.as_object()?;
            if objects.contains_key("provinces") {
                Some("provinces".to_string())
            } else {
                objects.keys().next().cloned()
            }
        })
        .unwrap_or_else(|| "provinces".to_string());
    parse_atlas(&text, &object).map_err(|e| Failure {
        code: 1,
        message: format!("{path}: {e}"),
    })
}

fn load_dataset(path: Option<&str>, atlas: &Atlas) -> Result<(Dataset, Vec<Problem>), Failure> {
    let text = match path {
        Some(p) => read(Path::new(p))?,
        None => DEFAULT_DATASET.to_string(),
    };
    Ok(Dataset::from_json(&text, atlas))
}

fn check(args: &[String]) -> Result<i32, Failure> {
    let options = Options::parse(args, &["geometry", "format"], &["quiet"])?;
    let [file] = options.positional.as_slice() else {
        return Err(usage("check needs exactly one DATA.json (see shengtu check --help)"));
    };
    let json = match options.value("format") {
        None | Some("text") => false,
        Some("json") => true,
        Some(other) => return Err(usage(format!("--format must be text or json, not {other:?}"))),
    };
    let text = read(Path::new(file))?;
    let atlas = load_atlas(options.value("geometry"))?;
    let (dataset, problems) = Dataset::from_json(&text, &atlas);
    let stories: usize = dataset.regions.iter().map(|r| r.stories.len()).sum();
    let figures: usize = dataset
        .regions
        .iter()
        .flat_map(|r| &r.stories)
        .map(|s| s.figures.len())
        .sum();
    let code = i32::from(!problems.is_empty());
    if options.flag("quiet") {
        return Ok(code);
    }
    let mut out = std::io::stdout().lock();
    if json {
        let report = serde_json::json!({
            "file": file,
            "valid": problems.is_empty(),
            "problems": problems.iter().map(|p| serde_json::json!({
                "path": p.path, "message": p.message, "hint": p.hint(),
            })).collect::<Vec<_>>(),
            "summary": {
                "regions": dataset.regions.len(),
                "stories": stories,
                "figures": figures,
                "metrics": dataset.metrics.len(),
            },
        });
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        let terminal = Terminal {
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            quiet: false,
        };
        for p in &problems {
            let _ = writeln!(
                out,
                "{} {}: {}",
                terminal.paint("1;31", "error"),
                terminal.paint("1", &p.path),
                p.message
            );
            let _ = writeln!(out, "  {} {}", terminal.paint("36", "hint:"), p.hint());
        }
        let summary = format!(
            "{file}: {} regions, {stories} stories, {figures} figures, {} metrics",
            dataset.regions.len(),
            dataset.metrics.len()
        );
        if problems.is_empty() {
            let _ = writeln!(out, "{} {summary}", terminal.paint("1;32", "valid:"));
        } else {
            let n = problems.len();
            let _ = writeln!(
                out,
                "{} {n} problem{} in {summary} (valid parts counted)",
                terminal.paint("1;31", "invalid:"),
                if n == 1 { "" } else { "s" }
            );
        }
    }
    Ok(code)
}

fn lang_option(options: &Options) -> Result<Lang, Failure> {
    match options.value("lang") {
        None => Ok(Lang::ZhHans),
        Some(tag) => {
            Lang::from_tag(tag).ok_or_else(|| usage(format!("--lang must be zh-Hans, zh-Hant or en, not {tag:?}")))
        }
    }
}

fn view_option(options: &Options, dataset: &Dataset) -> Result<View, Failure> {
    let key = options.value("metric").unwrap_or("focus");
    View::from_key(key, dataset).ok_or_else(|| {
        let known: Vec<&str> = std::iter::once("focus")
            .chain(dataset.metrics.iter().map(|m| m.key.as_str()))
            .collect();
        usage(format!("unknown metric {key:?} (known: {})", known.join(", ")))
    })
}

fn number_option(
    options: &Options,
    name: &str,
    default: f64,
    range: std::ops::RangeInclusive<f64>,
) -> Result<f64, Failure> {
    match options.value(name) {
        None => Ok(default),
        Some(text) => match text.parse::<f64>() {
            Ok(v) if range.contains(&v) => Ok(v),
            _ => Err(usage(format!(
                "--{name} must be a number from {} to {}, not {text:?}",
                range.start(),
                range.end()
            ))),
        },
    }
}

/// Finds a font with CJK glyphs: `--font`, else fontconfig's choice for
/// Chinese, else the usual Noto CJK paths.
fn find_cjk_font(explicit: Option<&str>) -> Result<PathBuf, Failure> {
    if let Some(path) = explicit {
        return Ok(PathBuf::from(path));
    }
    let from_fontconfig = std::process::Command::new("fc-match")
        .args(["-f", "%{file}", "sans-serif:lang=zh-cn"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(PathBuf::from)
        .filter(|p| p.to_string_lossy().contains("CJK") && p.exists());
    let candidates = [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    ];
    from_fontconfig
        .or_else(|| candidates.iter().map(PathBuf::from).find(|p| p.exists()))
        .ok_or_else(|| Failure {
            code: 2,
            message: "no font with Chinese glyphs found for PNG output: install fonts-noto-cjk (Debian) or pass --font FILE (SVG output needs no font)".into(),
        })
}

fn render(args: &[String]) -> Result<i32, Failure> {
    let options = Options::parse(
        args,
        &[
            "data", "geometry", "metric", "lang", "width", "scale", "theme", "region", "font", "out",
        ],
        &["quiet"],
    )?;
    let terminal = Terminal {
        color: false,
        quiet: options.flag("quiet"),
    };
    if let Some(extra) = options.positional.first() {
        return Err(usage(format!(
            "unexpected argument {extra:?} (see shengtu render --help)"
        )));
    }
    let out = options
        .value("out")
        .ok_or_else(|| usage("render needs --out FILE.png or FILE.svg"))?;
    let svg = match Path::new(out)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => true,
        Some("png") => false,
        _ => return Err(usage(format!("--out must end in .png or .svg, not {out:?}"))),
    };
    let lang = lang_option(&options)?;
    let width = number_option(&options, "width", 1200.0, 320.0..=1600.0)?;
    let scale = number_option(&options, "scale", 1.0, 0.5..=4.0)?;
    let theme = match options.value("theme") {
        None | Some("light") => Theme::LIGHT,
        Some("dark") => Theme::DARK,
        Some(other) => return Err(usage(format!("--theme must be light or dark, not {other:?}"))),
    };
    let atlas = load_atlas(options.value("geometry"))?;
    let (dataset, problems) = load_dataset(options.value("data"), &atlas)?;
    for p in &problems {
        eprintln!("warning: {p}");
    }
    let view = view_option(&options, &dataset)?;
    let selected = match options.value("region") {
        None => None,
        Some(key) => Some(
            atlas
                .lookup(key)
                .ok_or_else(|| usage(format!("unknown region {key:?}")))?,
        ),
    };
    let font = if svg {
        None
    } else {
        Some(find_cjk_font(options.value("font"))?)
    };
    let family = match &font {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Failure {
                code: 2,
                message: format!("cannot read font {}: {e}", path.display()),
            })?;
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            plotters::style::register_font("shengtu", plotters::style::FontStyle::Normal, bytes).map_err(|_| {
                Failure {
                    code: 2,
                    message: format!("{} is not a usable font", path.display()),
                }
            })?;
            "shengtu".to_string()
        }
        None => match lang {
            Lang::ZhHant => "'Noto Sans CJK TC', 'Noto Sans TC', sans-serif".into(),
            _ => "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif".into(),
        },
    };

    let scene = Scene::new(&atlas, width, scale);
    let choropleth = Choropleth::new(&dataset, &view, atlas.regions.len());
    let requests = present::label_requests(&dataset, &atlas, selected, lang);
    let font_css = if width < 480.0 { 11.0 } else { 12.0 };
    let style = MapStyle {
        theme,
        fills: choropleth.fills.clone(),
        labels: place_labels(&scene, &requests, font_css),
        label_size: font_css * scale,
        font_family: family,
    };
    let legend = present::legend(&dataset, &atlas, &view, &choropleth, lang);
    let credit = format!("{} {}", Ui::Boundaries.text(lang), "省图 shengtu");
    let poster = Poster {
        title: dataset.title.get(lang).to_string(),
        legend,
        credit,
    };
    let layout = PosterLayout::new(&scene, &poster);
    let state = ViewState {
        focused: None,
        hovered: None,
        selected,
    };
    let size = (layout.width, layout.height);
    let drawn = if svg {
        let root = plotters::prelude::SVGBackend::new(out, size);
        let area = plotters::prelude::IntoDrawingArea::into_drawing_area(root);
        draw_poster(&area, &layout, &scene, &state, &style)
            .and_then(|()| area.present())
            .map_err(|e| e.to_string())
    } else {
        let root = plotters::prelude::BitMapBackend::new(out, size);
        let area = plotters::prelude::IntoDrawingArea::into_drawing_area(root);
        draw_poster(&area, &layout, &scene, &state, &style)
            .and_then(|()| area.present())
            .map_err(|e| e.to_string())
    };
    drawn.map_err(|e| Failure {
        code: 2,
        message: format!("cannot write {out}: {e}"),
    })?;
    terminal.progress(&format!(
        "wrote {out} ({}×{} px, {}, {})",
        size.0,
        size.1,
        view.key(),
        lang.tag()
    ));
    Ok(0)
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn table(args: &[String]) -> Result<i32, Failure> {
    let options = Options::parse(
        args,
        &["data", "geometry", "metric", "lang", "format", "out"],
        &["quiet"],
    )?;
    let md = match options.value("format") {
        Some("csv") => false,
        Some("md" | "markdown") => true,
        Some(other) => return Err(usage(format!("--format must be csv or md, not {other:?}"))),
        None => return Err(usage("table needs --format csv or --format md")),
    };
    let lang = lang_option(&options)?;
    let atlas = load_atlas(options.value("geometry"))?;
    let (dataset, problems) = load_dataset(options.value("data"), &atlas)?;
    for p in &problems {
        eprintln!("warning: {p}");
    }
    let view = view_option(&options, &dataset)?;
    let header: Vec<String>;
    let mut rows: Vec<Vec<String>> = Vec::new();
    match &view {
        View::Focus => {
            header = ["id", "adcode", "region", "focus", "stories"]
                .map(String::from)
                .to_vec();
            for r in &dataset.regions {
                let region = &atlas.regions[r.region];
                let focus = r
                    .focus
                    .as_deref()
                    .and_then(|f| dataset.focus_category(f))
                    .map_or("", |c| c.label.get(lang));
                rows.push(vec![
                    region.id.clone(),
                    region.adcode.to_string(),
                    region.name.get(lang).to_string(),
                    focus.to_string(),
                    r.stories.len().to_string(),
                ]);
            }
        }
        View::Metric(key) => {
            let metric = dataset.metric(key).ok_or_else(|| usage("unknown metric"))?;
            header = [
                "id",
                "adcode",
                "region",
                "value",
                "qualifier",
                "unit",
                "as_reported",
                "period_from",
                "period_to",
                "period",
            ]
            .map(String::from)
            .to_vec();
            let mut values = dataset.values(key);
            values.sort_by(|a, b| b.figure.value.total_cmp(&a.figure.value));
            for v in values {
                let region = &atlas.regions[v.region];
                let period = v.figure.period.as_ref();
                rows.push(vec![
                    region.id.clone(),
                    region.adcode.to_string(),
                    region.name.get(lang).to_string(),
                    v.figure.value.to_string(),
                    v.figure.qualifier.key().to_string(),
                    metric.unit.get(lang).to_string(),
                    present::figure_text(v.figure, &dataset, lang),
                    period.and_then(|p| p.from.clone()).unwrap_or_default(),
                    period.and_then(|p| p.to.clone()).unwrap_or_default(),
                    period.map(|p| p.label.get(lang).to_string()).unwrap_or_default(),
                ]);
            }
        }
    }
    let mut text = String::new();
    if md {
        text.push_str(&format!("| {} |\n", header.join(" | ")));
        text.push_str(&format!("|{}\n", header.iter().map(|_| "---|").collect::<String>()));
        for row in &rows {
            text.push_str(&format!(
                "| {} |\n",
                row.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
    } else {
        text.push_str(&header.join(","));
        text.push('\n');
        for row in &rows {
            text.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
            text.push('\n');
        }
    }
    match options.value("out") {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure {
            code: 2,
            message: format!("cannot write {path}: {e}"),
        })?,
        None => print!("{text}"),
    }
    Ok(0)
}
