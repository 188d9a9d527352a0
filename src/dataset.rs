//! Story datasets: regions' campaign stories and the figures the map can
//! colour by, in three languages (format: `assets/data/README.md`, schema:
//! `assets/data/dataset.schema.json`).
//!
//! Loading never stops at the first problem: the JSON is walked as a value
//! tree and every problem is recorded with its JSON path (unknown region,
//! unknown metric, bad number, missing translation, duplicate id, missing
//! period, …), while everything valid is kept, so a page can show the errors
//! *and* the map. Nothing here panics on input.

use crate::json::{Map, Value};
use crate::model::{Atlas, Lang, Names};
use std::collections::HashSet;
use std::fmt;

/// The dataset shipped with shengtu: the June 2022 anti-drug campaign report.
pub const DEFAULT_DATASET: &str = include_str!("../assets/data/campaign-2022.json");

/// Longest accepted text, in characters (a summary is a few hundred): longer
/// texts are reported and left out rather than laid out.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most stories accepted in one dataset; the rest are reported and ignored.
pub const MAX_STORIES: usize = 2_000;

/// The format tag a dataset must carry in `schema`.
pub const SCHEMA: &str = "shengtu-dataset/1";

/// One problem in a dataset, located by JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, e.g. `$.regions[3].stories[0].figures[1].value`.
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
}

impl Problem {
    /// A one-line suggestion for fixing the problem.
    pub fn hint(&self) -> &'static str {
        let m = self.message.as_str();
        let rules: &[(&str, &str)] = &[
            (
                "not valid JSON",
                "check the commas, quotes and brackets near the line and column given",
            ),
            (
                "missing translation",
                "give the text in all three languages: zh-Hans, zh-Hant and en",
            ),
            (
                "empty translation",
                "write the text in this language (or copy a translation)",
            ),
            (
                "unknown region",
                "use an ISO 3166-2 id (CN-GS), a GB/T 2260 adcode (620000) or a name (甘肃, Gansu)",
            ),
            ("unknown adcode", "use a provincial adcode such as 620000"),
            (
                "unknown metric",
                "declare the metric under $.metrics, or use one of the keys listed",
            ),
            (
                "missing period",
                "add \"period\": {\"from\": \"2022-01-01\", \"to\": \"2022-06-24\", \"label\": {…}}",
            ),
            (
                "expected a number",
                "write the number without quotes, units or thousands separators, e.g. 3600",
            ),
            (
                "non-negative",
                "figures are counts or amounts: use a value of 0 or more",
            ),
            ("duplicate", "make each id unique, or merge the entries"),
            ("YYYY-MM-DD", "write dates as 2022-06-24, or null when unknown"),
            ("http", "links must start with http:// or https://"),
            (
                "unknown qualifier",
                "use exact, more_than (余), nearly (近) or about (约)",
            ),
            (
                "second value",
                "keep one figure per metric and region; move the other to a figure without a metric",
            ),
            ("too long", "shorten the text: summaries are a few sentences"),
            ("too many stories", "split the data into several maps"),
        ];
        rules
            .iter()
            .find(|(needle, _)| m.contains(needle))
            .map_or("see assets/data/README.md for the format", |(_, hint)| hint)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// How exactly a figure was reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// The number as given.
    Exact,
    /// "More than" (余, 多).
    MoreThan,
    /// "Nearly" (近).
    Nearly,
    /// "About" (约).
    About,
}

impl Qualifier {
    /// The key used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::MoreThan => "more_than",
            Qualifier::Nearly => "nearly",
            Qualifier::About => "about",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        [
            Qualifier::Exact,
            Qualifier::MoreThan,
            Qualifier::Nearly,
            Qualifier::About,
        ]
        .into_iter()
        .find(|q| q.key() == key)
    }
}

/// Which family of measures a metric belongs to (it picks the palette).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricGroup {
    /// Police work: cases, arrests, seizures, destruction.
    Enforcement,
    /// Publicity and education.
    Education,
}

/// A measure the map can be coloured by.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// Stable key, e.g. `cases_solved`.
    pub key: String,
    /// Enforcement or education.
    pub group: MetricGroup,
    /// What is counted.
    pub label: Names,
    /// Unit, e.g. 起 / cases.
    pub unit: Names,
    /// Decimal places to show.
    pub decimals: u8,
}

/// A category of the "campaign focus" view.
#[derive(Debug, Clone, PartialEq)]
pub struct FocusCategory {
    /// Stable key, e.g. `livestream`.
    pub key: String,
    /// Display name.
    pub label: Names,
}

/// The time a figure covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// First day (ISO date), if known.
    pub from: Option<String>,
    /// Last day (ISO date), if known.
    pub to: Option<String>,
    /// How to say it, e.g. "since 2018".
    pub label: Names,
}

/// A number reported in a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The metric it feeds, if any.
    pub metric: Option<String>,
    /// The value as reported (non-negative, finite).
    pub value: f64,
    /// Exact, more than, nearly, about.
    pub qualifier: Qualifier,
    /// Unit for figures without a metric (metric figures use the metric's).
    pub unit: Option<Names>,
    /// The period (required for metric figures).
    pub period: Option<Period>,
    /// What the number counts.
    pub label: Names,
}

/// One story about a region.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Unique id.
    pub id: String,
    /// ISO date of the event, if the source gives one.
    pub date: Option<String>,
    /// Headline.
    pub headline: Names,
    /// City, station or body.
    pub place: Names,
    /// The article section it belongs to.
    pub section: Names,
    /// Our summary.
    pub summary: Names,
    /// Key figures.
    pub figures: Vec<Figure>,
    /// Photo credit.
    pub credit: Option<Names>,
    /// Source line.
    pub source: Names,
}

/// The stories of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionStories {
    /// Index into the atlas.
    pub region: usize,
    /// Focus category key.
    pub focus: Option<String>,
    /// Stories in order.
    pub stories: Vec<Story>,
}

/// The source of a dataset.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    /// Name of the publication or report.
    pub name: Names,
    /// Publication date, if known.
    pub published: Option<String>,
    /// An `http(s)` link, if any.
    pub url: Option<String>,
    /// Notes on the source.
    pub note: Option<Names>,
}

/// A validated dataset (everything valid in the file).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// Dataset id.
    pub id: String,
    /// Title.
    pub title: Names,
    /// Description.
    pub description: Names,
    /// Source.
    pub source: Source,
    /// Metrics in file order.
    pub metrics: Vec<Metric>,
    /// Focus categories in file order.
    pub focus_categories: Vec<FocusCategory>,
    /// Regions with stories.
    pub regions: Vec<RegionStories>,
}

/// A metric's value in one region, with the figure it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricValue<'a> {
    /// Atlas index of the region.
    pub region: usize,
    /// The figure.
    pub figure: &'a Figure,
}

impl Dataset {
    /// Parses and validates a dataset against an atlas. Returns what is valid
    /// and every problem found; an unreadable file gives an empty dataset and
    /// one problem at `$`.
    pub fn from_json(json: &str, atlas: &Atlas) -> (Dataset, Vec<Problem>) {
        let mut walker = Walker { problems: Vec::new() };
        let dataset = match crate::json::parse(json) {
            Ok(value) => walker.dataset(&value, atlas),
            Err(e) => {
                walker.problem("$", format!("not valid JSON: {e}"));
                Dataset::default()
            }
        };
        (dataset, walker.problems)
    }

    /// The metric with this key.
    pub fn metric(&self, key: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.key == key)
    }

    /// The focus category with this key.
    pub fn focus_category(&self, key: &str) -> Option<&FocusCategory> {
        self.focus_categories.iter().find(|c| c.key == key)
    }

    /// Every region's value for a metric (the first figure per region).
    pub fn values(&self, metric: &str) -> Vec<MetricValue<'_>> {
        self.regions
            .iter()
            .filter_map(|r| {
                r.stories
                    .iter()
                    .flat_map(|s| &s.figures)
                    .find(|f| f.metric.as_deref() == Some(metric))
                    .map(|figure| MetricValue {
                        region: r.region,
                        figure,
                    })
            })
            .collect()
    }

    /// The stories of a region (by atlas index).
    pub fn stories_of(&self, region: usize) -> Option<&RegionStories> {
        self.regions.iter().find(|r| r.region == region)
    }

    /// Every string in the dataset, for content checks.
    pub fn all_texts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        fn add<'a>(out: &mut Vec<&'a str>, n: &'a Names) {
            out.extend(n.all());
        }
        add(&mut out, &self.title);
        add(&mut out, &self.description);
        add(&mut out, &self.source.name);
        if let Some(note) = &self.source.note {
            add(&mut out, note);
        }
        for m in &self.metrics {
            add(&mut out, &m.label);
            add(&mut out, &m.unit);
        }
        for c in &self.focus_categories {
            add(&mut out, &c.label);
        }
        for r in &self.regions {
            for s in &r.stories {
                for n in [&s.headline, &s.place, &s.section, &s.summary, &s.source] {
                    add(&mut out, n);
                }
                if let Some(credit) = &s.credit {
                    add(&mut out, credit);
                }
                for f in &s.figures {
                    add(&mut out, &f.label);
                    if let Some(u) = &f.unit {
                        add(&mut out, u);
                    }
                    if let Some(p) = &f.period {
                        add(&mut out, &p.label);
                    }
                }
            }
        }
        out
    }
}

struct Walker {
    problems: Vec<Problem>,
}

impl Walker {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Map> {
        let object = value.as_object();
        if object.is_none() {
            self.problem(path, format!("expected an object, found {}", kind(value)));
        }
        object
    }

    fn array<'v>(&mut self, value: Option<&'v Value>, path: &str) -> &'v [Value] {
        match value {
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.problem(path, format!("expected an array, found {}", kind(other)));
                &[]
            }
            None => {
                self.problem(path, "missing (required)");
                &[]
            }
        }
    }

    fn string(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        match value {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::String(_)) => {
                self.problem(path, "empty string");
                None
            }
            Some(other) => {
                self.problem(path, format!("expected a string, found {}", kind(other)));
                None
            }
            None => {
                self.problem(path, "missing (required)");
                None
            }
        }
    }

    /// A text in all three languages; each missing or empty translation is a
    /// problem of its own. Returns `None` unless all three are present.
    fn text(&mut self, value: Option<&Value>, path: &str) -> Option<Names> {
        let object = match value {
            Some(v) => self.object(v, path)?,
            None => {
                self.problem(path, "missing (required): a text in zh-Hans, zh-Hant and en");
                return None;
            }
        };
        let mut get = |lang: Lang| -> Option<String> {
            let p = format!("{path}.{}", lang.tag());
            match object.get(lang.tag()) {
                Some(Value::String(s)) if s.chars().count() > MAX_TEXT_CHARS => {
                    self.problem(
                        p,
                        format!(
                            "text too long ({} characters; at most {MAX_TEXT_CHARS})",
                            s.chars().count()
                        ),
                    );
                    None
                }
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                None => {
                    self.problem(p, format!("missing translation ({})", lang.tag()));
                    None
                }
                Some(Value::String(_)) => {
                    self.problem(p, format!("empty translation ({})", lang.tag()));
                    None
                }
                Some(other) => {
                    self.problem(p, format!("expected a string, found {}", kind(other)));
                    None
                }
            }
        };
        let (zh_hans, zh_hant, en) = (get(Lang::ZhHans), get(Lang::ZhHant), get(Lang::En));
        for key in object.keys() {
            if Lang::ALL.iter().all(|l| l.tag() != key) {
                self.problem(
                    format!("{path}.{key}"),
                    "unknown language (expected zh-Hans, zh-Hant or en)",
                );
            }
        }
        Some(Names {
            zh_hans: zh_hans?,
            zh_hant: zh_hant?,
            en: en?,
        })
    }

    fn optional_text(&mut self, value: Option<&Value>, path: &str) -> Option<Names> {
        match value {
            None | Some(Value::Null) => None,
            some => self.text(some, path),
        }
    }

    fn date(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        match value {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if is_iso_date(s) => Some(s.clone()),
            Some(other) => {
                self.problem(
                    path,
                    format!("expected a date YYYY-MM-DD or null, found {}", short(other)),
                );
                None
            }
        }
    }

    fn dataset(&mut self, value: &Value, atlas: &Atlas) -> Dataset {
        let Some(root) = self.object(value, "$") else {
            return Dataset::default();
        };
        match root.get("schema") {
            Some(Value::String(s)) if s == SCHEMA => {}
            other => self.problem(
                "$.schema",
                format!("expected \"{SCHEMA}\", found {}", other.map_or("nothing".into(), short)),
            ),
        }
        let id = self.string(root.get("id"), "$.id").unwrap_or_default();
        let title = self.text(root.get("title"), "$.title").unwrap_or_default();
        let description = self
            .optional_text(root.get("description"), "$.description")
            .unwrap_or_default();
        let source = self.source(root.get("source"));

        let mut metrics: Vec<Metric> = Vec::new();
        for (i, m) in self.array(root.get("metrics"), "$.metrics").iter().enumerate() {
            let path = format!("$.metrics[{i}]");
            if let Some(metric) = self.metric(m, &path) {
                if metrics.iter().any(|x| x.key == metric.key) {
                    self.problem(format!("{path}.key"), format!("duplicate metric key {:?}", metric.key));
                } else {
                    metrics.push(metric);
                }
            }
        }

        let mut focus_categories: Vec<FocusCategory> = Vec::new();
        let categories = match root.get("focus_categories") {
            None | Some(Value::Null) => &[][..],
            some => self.array(some, "$.focus_categories"),
        };
        for (i, c) in categories.iter().enumerate() {
            let path = format!("$.focus_categories[{i}]");
            let Some(object) = self.object(c, &path) else { continue };
            let key = self.string(object.get("key"), &format!("{path}.key"));
            let label = self.text(object.get("label"), &format!("{path}.label"));
            if let (Some(key), Some(label)) = (key, label) {
                if focus_categories.iter().any(|x| x.key == key) {
                    self.problem(format!("{path}.key"), format!("duplicate focus category {key:?}"));
                } else {
                    focus_categories.push(FocusCategory { key, label });
                }
            }
        }

        let mut regions: Vec<RegionStories> = Vec::new();
        let mut story_ids: HashSet<String> = HashSet::new();
        for (i, r) in self.array(root.get("regions"), "$.regions").iter().enumerate() {
            let path = format!("$.regions[{i}]");
            let Some(object) = self.object(r, &path) else { continue };
            let region = match object.get("region") {
                Some(Value::String(key)) => {
                    let found = atlas.lookup(key);
                    if found.is_none() {
                        self.problem(
                            format!("{path}.region"),
                            format!("unknown region {key:?} (use an ISO 3166-2 id such as CN-GS, an adcode or a name)"),
                        );
                    }
                    found
                }
                Some(Value::Number(n)) => {
                    let found = atlas.lookup(&n.to_string());
                    if found.is_none() {
                        self.problem(format!("{path}.region"), format!("unknown adcode {n}"));
                    }
                    found
                }
                Some(other) => {
                    self.problem(
                        format!("{path}.region"),
                        format!("expected a region id, adcode or name, found {}", kind(other)),
                    );
                    None
                }
                None => {
                    self.problem(format!("{path}.region"), "missing (required)");
                    None
                }
            };
            if let Some(index) = region {
                if regions.iter().any(|x| x.region == index) {
                    self.problem(
                        format!("{path}.region"),
                        format!(
                            "duplicate region {} (put all its stories in one entry)",
                            atlas.regions[index].id
                        ),
                    );
                    continue;
                }
            }
            let focus = match object.get("focus") {
                None | Some(Value::Null) => None,
                Some(Value::String(key)) if focus_categories.iter().any(|c| &c.key == key) => Some(key.clone()),
                Some(other) => {
                    self.problem(
                        format!("{path}.focus"),
                        format!("unknown focus category {}", short(other)),
                    );
                    None
                }
            };
            let mut stories = Vec::new();
            for (j, s) in self
                .array(object.get("stories"), &format!("{path}.stories"))
                .iter()
                .enumerate()
            {
                if story_ids.len() >= MAX_STORIES {
                    self.problem(
                        format!("{path}.stories[{j}]"),
                        format!("too many stories (at most {MAX_STORIES}); the rest are ignored"),
                    );
                    break;
                }
                let spath = format!("{path}.stories[{j}]");
                if let Some(story) = self.story(s, &spath, &metrics) {
                    if !story_ids.insert(story.id.clone()) {
                        self.problem(format!("{spath}.id"), format!("duplicate story id {:?}", story.id));
                        continue;
                    }
                    stories.push(story);
                }
            }
            if let Some(region) = region {
                let mut seen = HashSet::new();
                for (j, story) in stories.iter().enumerate() {
                    for (k, f) in story.figures.iter().enumerate() {
                        if let Some(m) = &f.metric {
                            if !seen.insert(m.clone()) {
                                self.problem(
                                    format!("{path}.stories[{j}].figures[{k}].metric"),
                                    format!("second value for metric {m:?} in this region (the map shows the first)"),
                                );
                            }
                        }
                    }
                }
                regions.push(RegionStories { region, focus, stories });
            }
        }
        Dataset {
            id,
            title,
            description,
            source,
            metrics,
            focus_categories,
            regions,
        }
    }

    fn source(&mut self, value: Option<&Value>) -> Source {
        let path = "$.source";
        let Some(object) = value.and_then(|v| self.object(v, path)) else {
            if value.is_none() {
                self.problem(path, "missing (required)");
            }
            return Source::default();
        };
        let name = self.text(object.get("name"), "$.source.name").unwrap_or_default();
        let published = self.date(object.get("published"), "$.source.published");
        let url = match object.get("url") {
            None | Some(Value::Null) => None,
            Some(Value::String(u)) if is_http_url(u) => Some(u.clone()),
            Some(other) => {
                self.problem(
                    "$.source.url",
                    format!("only http(s) links are allowed, found {}", short(other)),
                );
                None
            }
        };
        let note = self.optional_text(object.get("note"), "$.source.note");
        Source {
            name,
            published,
            url,
            note,
        }
    }

    fn metric(&mut self, value: &Value, path: &str) -> Option<Metric> {
        let object = self.object(value, path)?;
        let key = self.string(object.get("key"), &format!("{path}.key"));
        let group = match object.get("group").and_then(Value::as_str) {
            Some("enforcement") => Some(MetricGroup::Enforcement),
            Some("education") => Some(MetricGroup::Education),
            _ => {
                self.problem(format!("{path}.group"), "expected \"enforcement\" or \"education\"");
                None
            }
        };
        let label = self.text(object.get("label"), &format!("{path}.label"));
        let unit = self.text(object.get("unit"), &format!("{path}.unit"));
        let decimals = match object.get("decimals") {
            None => Some(0),
            Some(v) => match v.as_u64() {
                Some(d) if d <= 6 => Some(d as u8),
                _ => {
                    self.problem(
                        format!("{path}.decimals"),
                        format!("expected an integer 0–6, found {}", short(v)),
                    );
                    None
                }
            },
        };
        Some(Metric {
            key: key?,
            group: group?,
            label: label?,
            unit: unit?,
            decimals: decimals?,
        })
    }

    fn story(&mut self, value: &Value, path: &str, metrics: &[Metric]) -> Option<Story> {
        let object = self.object(value, path)?;
        let id = self.string(object.get("id"), &format!("{path}.id"));
        let date = self.date(object.get("date"), &format!("{path}.date"));
        let headline = self.text(object.get("headline"), &format!("{path}.headline"));
        let place = self.text(object.get("place"), &format!("{path}.place"));
        let section = self.text(object.get("section"), &format!("{path}.section"));
        let summary = self.text(object.get("summary"), &format!("{path}.summary"));
        let credit = self.optional_text(object.get("credit"), &format!("{path}.credit"));
        let source = self.text(object.get("source"), &format!("{path}.source"));
        let mut figures = Vec::new();
        let list = match object.get("figures") {
            None | Some(Value::Null) => &[][..],
            some => self.array(some, &format!("{path}.figures")),
        };
        for (k, f) in list.iter().enumerate() {
            if let Some(figure) = self.figure(f, &format!("{path}.figures[{k}]"), metrics) {
                figures.push(figure);
            }
        }
        Some(Story {
            id: id?,
            date,
            headline: headline?,
            place: place?,
            section: section?,
            summary: summary?,
            figures,
            credit,
            source: source?,
        })
    }

    fn figure(&mut self, value: &Value, path: &str, metrics: &[Metric]) -> Option<Figure> {
        let object = self.object(value, path)?;
        let metric = match object.get("metric") {
            None | Some(Value::Null) => None,
            Some(Value::String(key)) if metrics.iter().any(|m| &m.key == key) => Some(key.clone()),
            Some(other) => {
                let known: Vec<&str> = metrics.iter().map(|m| m.key.as_str()).collect();
                self.problem(
                    format!("{path}.metric"),
                    format!("unknown metric {} (known: {})", short(other), known.join(", ")),
                );
                return None;
            }
        };
        let value = match object.get("value") {
            Some(Value::Number(n)) => match n.as_f64() {
                v if (0.0..1e15).contains(&v) => Some(v),
                _ => {
                    self.problem(
                        format!("{path}.value"),
                        format!("expected a non-negative number below 10^15, found {n}"),
                    );
                    None
                }
            },
            Some(other) => {
                self.problem(
                    format!("{path}.value"),
                    format!("expected a number, found {}", short(other)),
                );
                None
            }
            None => {
                self.problem(format!("{path}.value"), "missing (required)");
                None
            }
        };
        let qualifier = match object.get("qualifier") {
            None => Some(Qualifier::Exact),
            Some(Value::String(q)) => {
                let parsed = Qualifier::from_key(q);
                if parsed.is_none() {
                    self.problem(
                        format!("{path}.qualifier"),
                        format!("unknown qualifier {q:?} (exact, more_than, nearly, about)"),
                    );
                }
                parsed
            }
            Some(other) => {
                self.problem(
                    format!("{path}.qualifier"),
                    format!("expected a string, found {}", kind(other)),
                );
                None
            }
        };
        let unit = self.optional_text(object.get("unit"), &format!("{path}.unit"));
        if metric.is_none() && unit.is_none() && object.get("unit").is_none() {
            self.problem(
                format!("{path}.unit"),
                "missing (a figure without a metric needs its own unit)",
            );
        }
        let period = match object.get("period") {
            None | Some(Value::Null) => {
                if metric.is_some() {
                    self.problem(
                        format!("{path}.period"),
                        "missing period (required for a figure shown on the map)",
                    );
                    return None;
                }
                None
            }
            Some(v) => {
                let ppath = format!("{path}.period");
                let p = self.object(v, &ppath)?;
                let from = self.date(p.get("from"), &format!("{ppath}.from"));
                let to = self.date(p.get("to"), &format!("{ppath}.to"));
                if let (Some(a), Some(b)) = (&from, &to) {
                    if a > b {
                        self.problem(ppath.clone(), format!("period ends ({b}) before it starts ({a})"));
                    }
                }
                let label = self.text(p.get("label"), &format!("{ppath}.label"))?;
                Some(Period { from, to, label })
            }
        };
        let label = self.text(object.get("label"), &format!("{path}.label"));
        Some(Figure {
            metric,
            value: value?,
            qualifier: qualifier?,
            unit,
            period,
            label: label?,
        })
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a value for messages (long strings are cut).
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    matches!((digits(0..4), digits(5..7), digits(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// Whether a link is a plain `http:` or `https:` URL.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !url.chars().any(char::is_whitespace)
}

/// Formats a figure with its qualifier and unit in a language:
/// `more than 3,600 cases`, `3600余起`, `近600个`, `320万人次`, `2.3万余人次`.
pub fn format_figure(value: f64, qualifier: Qualifier, unit: &str, decimals: u8, lang: Lang) -> String {
    match lang {
        Lang::En => {
            let number = if value >= 1_000_000.0 && (value / 10_000.0).fract() == 0.0 {
                format!("{} million", trim_decimals(value / 1_000_000.0, 2))
            } else {
                group_thousands(&format!("{:.*}", usize::from(decimals), value))
            };
            let prefix = match qualifier {
                Qualifier::Exact => "",
                Qualifier::MoreThan => "more than ",
                Qualifier::Nearly => "nearly ",
                Qualifier::About => "about ",
            };
            let space = if unit.is_empty() || unit == "%" { "" } else { " " };
            format!("{prefix}{number}{space}{unit}")
        }
        Lang::ZhHans | Lang::ZhHant => {
            let number = if value >= 10_000.0 && (value / 100.0).fract() == 0.0 {
                format!(
                    "{}{}",
                    trim_decimals(value / 10_000.0, 2),
                    if lang == Lang::ZhHans { "万" } else { "萬" }
                )
            } else {
                format!("{:.*}", usize::from(decimals), value)
            };
            match qualifier {
                Qualifier::Exact => format!("{number}{unit}"),
                Qualifier::MoreThan => format!("{number}{}{unit}", if lang == Lang::ZhHans { "余" } else { "餘" }),
                Qualifier::Nearly => format!("近{number}{unit}"),
                Qualifier::About => format!("{}{number}{unit}", if lang == Lang::ZhHans { "约" } else { "約" }),
            }
        }
    }
}

fn trim_decimals(value: f64, max: usize) -> String {
    let s = format!("{value:.max$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn group_thousands(number: &str) -> String {
    let (int, frac) = number.split_once('.').map_or((number, None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_naturally_in_each_language() {
        assert_eq!(
            format_figure(3600.0, Qualifier::MoreThan, "cases", 0, Lang::En),
            "more than 3,600 cases"
        );
        assert_eq!(
            format_figure(3600.0, Qualifier::MoreThan, "起", 0, Lang::ZhHans),
            "3600余起"
        );
        assert_eq!(
            format_figure(600.0, Qualifier::Nearly, "个", 0, Lang::ZhHant),
            "近600个"
        );
        assert_eq!(
            format_figure(23000.0, Qualifier::MoreThan, "人次", 0, Lang::ZhHans),
            "2.3万余人次"
        );
        assert_eq!(
            format_figure(23000.0, Qualifier::MoreThan, "cases", 0, Lang::En),
            "more than 23,000 cases"
        );
        assert_eq!(
            format_figure(3_200_000.0, Qualifier::Exact, "views", 0, Lang::En),
            "3.2 million views"
        );
        assert_eq!(
            format_figure(3_200_000.0, Qualifier::Exact, "人次", 0, Lang::ZhHant),
            "320萬人次"
        );
        assert_eq!(format_figure(2.5, Qualifier::Exact, "t", 1, Lang::En), "2.5 t");
        assert_eq!(format_figure(200.0, Qualifier::About, "人", 0, Lang::ZhHans), "约200人");
        assert_eq!(format_figure(100.0, Qualifier::Exact, "%", 0, Lang::En), "100%");
    }

    #[test]
    fn only_http_links_pass() {
        assert!(is_http_url("https://example.org/a"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("data:text/html,hi"));
        assert!(!is_http_url("https://a b"));
    }
}
