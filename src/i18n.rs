//! The interface's own words in 简体, 繁體 and English (data brings its own
//! translations), and the choice of a default language from the browser's
//! preferences.

use crate::model::Lang;

/// A piece of interface text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    /// Label of the metric selector.
    ColourBy,
    /// The categorical view.
    CampaignFocus,
    /// Option group of enforcement metrics.
    Enforcement,
    /// Option group of education metrics.
    Education,
    /// Legend entry for regions without a value.
    NoFigure,
    /// Legend entry for regions without a story (focus view).
    NotCovered,
    /// Close button.
    Close,
    /// Panel text for a region without stories.
    NoStory,
    /// "Source".
    Source,
    /// Legend note: one class per reported value.
    EachValue,
    /// Legend note: natural breaks.
    NaturalBreaks,
    /// Heading of the data problems banner.
    DataProblems,
    /// Label of the language switch.
    Language,
    /// "regions" (count suffix).
    Regions,
    /// Label of the story panel.
    Stories,
    /// Caption of the inset (in the legend's notes).
    InsetNote,
    /// Boundary disclaimer.
    Boundaries,
}

impl Ui {
    /// The text in a language.
    pub fn text(self, lang: Lang) -> &'static str {
        let [hans, hant, en] = match self {
            Ui::ColourBy => ["地图显示", "地圖顯示", "Colour by"],
            Ui::CampaignFocus => ["报道主题", "報道主題", "Campaign focus"],
            Ui::Enforcement => ["打击战果", "打擊戰果", "Enforcement"],
            Ui::Education => ["宣传教育", "宣傳教育", "Education and publicity"],
            Ui::NoFigure => ["未报道该数字", "未報道該數字", "No figure reported"],
            Ui::NotCovered => ["本报道未涉及", "本報道未涉及", "Not covered by the report"],
            Ui::Close => ["关闭", "關閉", "Close"],
            Ui::NoStory => [
                "本次报道没有关于该地区的内容。",
                "本次報道沒有關於該地區的內容。",
                "The report has no story from this region.",
            ],
            Ui::Source => ["来源", "來源", "Source"],
            Ui::EachValue => [
                "数据点较少，每个数值单独成一级",
                "數據點較少，每個數值單獨成一級",
                "Few values: one class per reported value",
            ],
            Ui::NaturalBreaks => [
                "分级：自然断点法",
                "分級：自然斷點法",
                "Classes: natural breaks (Jenks)",
            ],
            Ui::DataProblems => ["数据有问题：", "數據有問題：", "Problems in the data:"],
            Ui::Language => ["语言", "語言", "Language"],
            Ui::Regions => ["个地区", "個地區", "regions"],
            Ui::Stories => ["报道", "報道", "Stories"],
            Ui::InsetNote => ["右下角为南海插图", "右下角為南海插圖", "Inset: South China Sea"],
            Ui::Boundaries => [
                "边界据 Natural Earth，仅供示意，不绘制主张线。",
                "邊界據 Natural Earth，僅供示意，不繪製主張線。",
                "Boundaries: Natural Earth, illustrative; no claim lines drawn.",
            ],
        };
        match lang {
            Lang::ZhHans => hans,
            Lang::ZhHant => hant,
            Lang::En => en,
        }
    }
}

/// The label of a language in the switch (in its own script).
pub fn switch_label(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhHans => "简",
        Lang::ZhHant => "繁",
        Lang::En => "EN",
    }
}

/// The first supported language among the browser's preferences
/// (`navigator.languages`), else Simplified Chinese.
pub fn preferred_lang<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
    preferences.into_iter().find_map(Lang::from_tag).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_preferences_pick_the_first_supported_language() {
        assert_eq!(preferred_lang(["fr-FR", "zh-TW", "en"]), Lang::ZhHant);
        assert_eq!(preferred_lang(["en-GB", "zh-CN"]), Lang::En);
        assert_eq!(preferred_lang(["zh-HK"]), Lang::ZhHant);
        assert_eq!(preferred_lang(["zh"]), Lang::ZhHans);
        assert_eq!(preferred_lang(["de"]), Lang::ZhHans);
        assert_eq!(preferred_lang([]), Lang::ZhHans);
    }
}
