//! The region model: China's 34 provincial-level divisions as drawable units
//! with stable ids, codes and names in three scripts.
//!
//! A [`Region`] owns its projected polygons (map metres, y north) and label
//! anchor. An [`Atlas`] is the set of regions plus the shared border arcs they
//! were built from, so a renderer can draw every border exactly once. Atlases
//! come from TopoJSON ([`crate::topology`]); this module does not parse.

use crate::geometry::{Bounds, Point, Polygon};
use serde::{Deserialize, Serialize};

/// A display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Simplified Chinese (简体中文).
    #[serde(rename = "zh-Hans")]
    #[default]
    ZhHans,
    /// Traditional Chinese (繁體中文).
    #[serde(rename = "zh-Hant")]
    ZhHant,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every supported language, in switcher order.
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The BCP 47 tag (`zh-Hans`, `zh-Hant`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// Parses a tag leniently: `zh-Hans`, `zh-CN`, `zh-SG` and bare `zh` are
    /// Simplified; `zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO` are Traditional;
    /// anything starting with `en` is English. Case-insensitive.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase().replace('_', "-");
        if t.starts_with("zh-hant") || ["zh-tw", "zh-hk", "zh-mo"].iter().any(|p| t.starts_with(p)) {
            Some(Lang::ZhHant)
        } else if t == "zh" || t.starts_with("zh-") {
            Some(Lang::ZhHans)
        } else if t == "en" || t.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// A text in each supported language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Names {
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans")]
    pub zh_hans: String,
    /// Traditional Chinese.
    #[serde(rename = "zh-Hant")]
    pub zh_hant: String,
    /// English.
    pub en: String,
}

impl Names {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhHans => &self.zh_hans,
            Lang::ZhHant => &self.zh_hant,
            Lang::En => &self.en,
        }
    }

    /// All three texts.
    pub fn all(&self) -> [&str; 3] {
        [&self.zh_hans, &self.zh_hant, &self.en]
    }
}

/// The constitutional kind of a provincial-level division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    /// 省 (including Taiwan).
    Province,
    /// 自治区.
    AutonomousRegion,
    /// 直辖市.
    Municipality,
    /// 特别行政区 (Hong Kong, Macau).
    Sar,
}

impl RegionKind {
    /// Reads the snake_case key used in the geometry asset (`province`,
    /// `autonomous_region`, `municipality`, `sar`).
    pub fn from_key(key: &str) -> Option<RegionKind> {
        match key {
            "province" => Some(RegionKind::Province),
            "autonomous_region" => Some(RegionKind::AutonomousRegion),
            "municipality" => Some(RegionKind::Municipality),
            "sar" => Some(RegionKind::Sar),
            _ => None,
        }
    }
}

/// One provincial-level division, projected.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// ISO 3166-2 code, e.g. `CN-GS`.
    pub id: String,
    /// GB/T 2260 code, e.g. 620000.
    pub adcode: u32,
    /// Province, autonomous region, municipality or SAR.
    pub kind: RegionKind,
    /// Short name (甘肃, Gansu).
    pub name: Names,
    /// Full name (甘肃省, Gansu Province).
    pub full_name: Names,
    /// Polygons in map metres (y north); exteriors counter-clockwise.
    pub polygons: Vec<Polygon>,
    /// Indices into [`Atlas::arcs`] of the arcs bounding this region.
    pub arcs: Vec<usize>,
    /// Label anchor in map metres, inside the largest polygon.
    pub anchor: Point,
    /// Bounds of all polygons.
    pub bounds: Bounds,
}

impl Region {
    /// Whether the map point lies inside one of the region's polygons.
    pub fn contains(&self, p: Point) -> bool {
        self.bounds.contains(p, 0.0) && self.polygons.iter().any(|poly| poly.contains(p))
    }

    /// Area in square map units (m² for the equal-area projection).
    pub fn area(&self) -> f64 {
        self.polygons.iter().map(Polygon::area).sum()
    }
}

/// A border arc shared by one region (coast) or two (inland border).
#[derive(Debug, Clone, PartialEq)]
pub struct Arc {
    /// Vertices in map metres.
    pub points: Vec<Point>,
    /// How many region rings use this arc (1 = coast or outer edge).
    pub uses: u8,
}

/// A set of regions and the arcs they share.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Atlas {
    /// Regions in file order.
    pub regions: Vec<Region>,
    /// Every border arc once.
    pub arcs: Vec<Arc>,
}

impl Atlas {
    /// Index of the region with ISO id `id`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.id == id)
    }

    /// Finds a region by ISO id, adcode or any of its names in any language,
    /// case- and suffix-insensitively (内蒙古 = 内蒙古自治区 = Inner Mongolia
    /// = Nei Mongol = CN-NM = 150000).
    pub fn lookup(&self, key: &str) -> Option<usize> {
        let wanted = normalize_name(key);
        if wanted.is_empty() {
            return None;
        }
        self.regions.iter().position(|r| {
            r.id.eq_ignore_ascii_case(key.trim())
                || r.adcode.to_string() == key.trim()
                || r.name
                    .all()
                    .iter()
                    .chain(r.full_name.all().iter())
                    .any(|n| normalize_name(n) == wanted)
                || alias_names(&r.id).iter().any(|a| normalize_name(a) == wanted)
        })
    }

    /// Bounds of every region.
    pub fn bounds(&self) -> Bounds {
        self.regions.iter().fold(Bounds::EMPTY, |b, r| b.union(r.bounds))
    }

    /// Total number of arc vertices (the geometry's size).
    pub fn vertex_count(&self) -> usize {
        self.arcs.iter().map(|a| a.points.len()).sum()
    }
}

/// Romanisations and common English forms that differ from the asset's names.
fn alias_names(id: &str) -> &'static [&'static str] {
    match id {
        "CN-NM" => &["Nei Mongol", "Nei Menggu", "Neimenggu"],
        "CN-XZ" => &["Xizang", "Tibet Autonomous Region"],
        "CN-XJ" => &["Xinjiang Uygur", "Sinkiang"],
        "CN-GX" => &["Guangxi Zhuang"],
        "CN-NX" => &["Ningxia Hui"],
        "CN-MO" => &["Macao", "Aomen"],
        "CN-HK" => &["Xianggang"],
        "CN-SN" => &["Shaanxi Province", "Shensi"],
        _ => &[],
    }
}

/// Lower-cases, drops spaces and punctuation, and strips administrative
/// suffixes so that 内蒙古自治区 and 内蒙古 compare equal.
pub fn normalize_name(name: &str) -> String {
    const SUFFIXES: [&str; 22] = [
        "特别行政区",
        "特別行政區",
        "维吾尔自治区",
        "維吾爾自治區",
        "壮族自治区",
        "壯族自治區",
        "回族自治区",
        "回族自治區",
        "自治区",
        "自治區",
        "省",
        "市",
        "specialadministrativeregion",
        "uygurautonomousregion",
        "uyghurautonomousregion",
        "zhuangautonomousregion",
        "huiautonomousregion",
        "autonomousregion",
        "municipality",
        "province",
        "sar",
        "region",
    ];
    let mut s: String = name
        .chars()
        // ASCII letters and digits, and any non-ASCII letter (CJK) except
        // CJK punctuation; ASCII case folding only: the names compared here
        // are Chinese or English, and full Unicode case tables would add
        // about 16 KB to the WebAssembly.
        .filter(|&c| c.is_ascii_alphanumeric() || (!c.is_ascii() && !"·・（）　、，。".contains(c)))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    for suffix in SUFFIXES {
        if s.len() > suffix.len() {
            if let Some(stripped) = s.strip_suffix(suffix) {
                s = stripped.to_string();
                break;
            }
        }
    }
    s
}
