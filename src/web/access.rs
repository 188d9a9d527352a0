//! Keyboard, tooltip, data table and host events for a mounted map.
//!
//! One tab stop (the canvas); arrows move to the geographic neighbour
//! (`crate::adjacency`), Home/End to the highest/lowest value of the view,
//! Enter/Space open the story, Esc closes it. The tooltip is a DOM element
//! placed inside the viewport; the data table mirrors the current view.

use super::dom::{append_text, clear, element};
use super::{document, window, App};
use crate::adjacency::Direction;
use crate::geometry::Point;
use crate::i18n::Ui;
use crate::model::Lang;
use crate::present;
use crate::state::Event;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, KeyboardEvent};

impl App {
    /// Handles a key on the canvas; returns whether it was used (the caller
    /// then prevents the default, e.g. page scrolling on arrows).
    pub(super) fn on_key(&mut self, e: &KeyboardEvent) -> bool {
        let n = self.atlas.regions.len();
        if n == 0 {
            return false;
        }
        let start = || self.state.focused.or(self.state.selected);
        let direction = match e.key().as_str() {
            "ArrowUp" => Some(Direction::Up),
            "ArrowDown" => Some(Direction::Down),
            "ArrowLeft" => Some(Direction::Left),
            "ArrowRight" => Some(Direction::Right),
            _ => None,
        };
        let ranked = || present::ranked(&self.dataset, &self.view, n);
        let target = match (e.key().as_str(), direction) {
            (_, Some(d)) => match start() {
                Some(from) => {
                    let anchors: Vec<Point> = self.scene.regions.iter().map(|r| r.label_anchor).collect();
                    self.adjacency.step(&anchors, from, d).or(Some(from))
                }
                None => ranked().first().copied(),
            },
            ("Home", None) => ranked().first().copied(),
            ("End", None) => {
                // The lowest region that has a value (regions without one come last).
                let order = ranked();
                let with_value = match &self.view {
                    crate::color_scale::View::Metric(key) => self.dataset.values(key).len(),
                    crate::color_scale::View::Focus => self.dataset.regions.len(),
                };
                order.get(with_value.saturating_sub(1)).copied()
            }
            ("Enter" | " ", None) => {
                if let Some(i) = start() {
                    self.apply(Event::Select(i));
                    if !self.panel_open {
                        self.open_panel();
                    }
                    return true;
                }
                return false;
            }
            _ => return false,
        };
        if let Some(i) = target {
            self.state.update(Event::Focus(i), &self.scene);
            let text = present::status(&self.dataset, &self.atlas, &self.view, i, self.lang);
            self.nodes.status.set_text_content(Some(&text));
            let _ = self
                .nodes
                .canvas
                .set_attribute("data-focused", &self.atlas.regions[i].id);
            self.redraw();
        }
        true
    }

    pub(super) fn on_blur(&mut self) {
        if self.state.update(Event::Blur, &self.scene) {
            let _ = self.nodes.canvas.remove_attribute("data-focused");
            self.redraw();
        }
    }

    /// Shows the tooltip for the hovered (or tapped) region near a viewport
    /// point, kept inside the viewport; hides it when nothing is under it.
    ///
    /// Cheap on purpose (it runs on every pointer move): the text changes
    /// only when the region does, the position is a `transform` (no layout),
    /// and the tooltip is measured (a forced layout) only near the right or
    /// bottom edge, where it may have to flip.
    pub(super) fn update_tooltip(&self, client_x: f64, client_y: f64) {
        let tip: &HtmlElement = &self.nodes.tooltip;
        let Some(i) = self.state.hovered else {
            self.hide_tooltip();
            return;
        };
        let shown = self.tooltip_shows.borrow().as_ref().map(|(region, _)| *region);
        if shown != Some(i) {
            let name = self.atlas.regions[i].name.get(self.lang);
            let (value, _) = present::value_of(&self.dataset, &self.view, i, self.lang);
            // Two lines kept from one hover to the next; only their text
            // nodes change (no new elements to style).
            if tip.child_element_count() != 2 {
                clear(tip);
                let document = document();
                let _ = append_text(&document, tip, "strong", "", " ");
                let _ = append_text(&document, tip, "span", "", " ");
            }
            for (line, text) in [
                (tip.first_element_child(), name),
                (tip.last_element_child(), value.as_str()),
            ] {
                match line.as_ref().and_then(|l| l.first_child()) {
                    Some(node) => node.set_node_value(Some(text)),
                    None => {
                        if let Some(line) = line {
                            line.set_text_content(Some(text));
                        }
                    }
                }
            }
            *self.tooltip_shows.borrow_mut() = Some((i, value));
            if shown.is_none() {
                let _ = tip.remove_attribute("hidden");
            }
        }
        // The tooltip is at most 16rem wide (map.css) and a few lines high.
        const GAP: f64 = 14.0;
        const MAX_WIDTH: f64 = 320.0; // 16rem at a 20 px root font
        const MAX_HEIGHT: f64 = 96.0;
        let viewport_w = window().inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(1e4);
        let viewport_h = window().inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(1e4);
        // Each axis: after the pointer if the largest tooltip fits; else
        // before it, placed by its own size (`- 100%`, no measuring); only
        // where neither is sure to fit (a narrow viewport) is it measured.
        let place = |pointer: f64, viewport: f64, largest: f64, measure: &dyn Fn() -> f64| -> String {
            if pointer + GAP + largest <= viewport - 4.0 {
                format!("{}px", (pointer + GAP).round() as i64)
            } else if pointer - GAP - largest >= 4.0 {
                format!("calc({}px - 100%)", (pointer - GAP).round() as i64)
            } else {
                let size = measure();
                let at = if pointer + GAP + size <= viewport - 4.0 {
                    pointer + GAP
                } else {
                    (pointer - GAP - size).max(4.0)
                };
                format!("{}px", at.round() as i64)
            }
        };
        let x = place(client_x, viewport_w, MAX_WIDTH, &|| f64::from(tip.offset_width()));
        let y = place(client_y, viewport_h, MAX_HEIGHT, &|| f64::from(tip.offset_height()));
        let _ = tip.style().set_property("transform", &format!("translate({x}, {y})"));
    }

    pub(super) fn hide_tooltip(&self) {
        if self.tooltip_shows.borrow_mut().take().is_some() {
            let _ = self.nodes.tooltip.set_attribute("hidden", "");
        }
    }

    /// Rebuilds the data table of the current view.
    pub(super) fn render_table(&self) -> Result<(), JsValue> {
        let document = document();
        let table = &self.nodes.table;
        clear(table);
        let lang = self.lang;
        let legend_title = match &self.view {
            crate::color_scale::View::Focus => Ui::CampaignFocus.text(lang).to_string(),
            crate::color_scale::View::Metric(key) => self
                .dataset
                .metric(key)
                .map_or_else(|| key.clone(), |m| m.label.get(lang).to_string()),
        };
        append_text(&document, table, "caption", "", &legend_title)?;
        let head = element(&document, "thead", "")?;
        let row = element(&document, "tr", "")?;
        let headers: [&str; 4] = match lang {
            Lang::ZhHans => ["地区", "数值", "时段", "报道"],
            Lang::ZhHant => ["地區", "數值", "時段", "報道"],
            Lang::En => ["Region", "Value", "Period", "Stories"],
        };
        for h in headers {
            let th = append_text(&document, &row, "th", "", h)?;
            th.set_attribute("scope", "col")?;
        }
        head.append_child(&row)?;
        table.append_child(&head)?;
        let body = element(&document, "tbody", "")?;
        for r in present::table_rows(&self.dataset, &self.atlas, &self.view, lang) {
            let tr = element(&document, "tr", "")?;
            tr.set_attribute("data-region", &r.id)?;
            let th = append_text(&document, &tr, "th", "", &r.name)?;
            th.set_attribute("scope", "row")?;
            append_text(&document, &tr, "td", "", &r.value)?;
            append_text(&document, &tr, "td", "", &r.period)?;
            append_text(&document, &tr, "td", "", &r.stories.to_string())?;
            body.append_child(&tr)?;
        }
        table.append_child(&body)?;
        self.nodes.table_toggle.set_text_content(Some(match lang {
            Lang::ZhHans => "数据表",
            Lang::ZhHant => "數據表",
            Lang::En => "Table",
        }));
        Ok(())
    }

    pub(super) fn toggle_table(&self) {
        let shown = self.nodes.table_toggle.get_attribute("aria-expanded").as_deref() == Some("true");
        let _ = self
            .nodes
            .table_toggle
            .set_attribute("aria-expanded", if shown { "false" } else { "true" });
        let Some(table_box) = self.nodes.table.parent_element() else {
            return;
        };
        let classes = table_box.class_list();
        let _ = if shown {
            classes.add_1("shengtu-visually-hidden")
        } else {
            classes.remove_1("shengtu-visually-hidden")
        };
    }

    /// Dispatches `shengtu:<name>` on the host element.
    pub(super) fn emit(&self, name: &str, detail: &JsValue) {
        let init = CustomEventInit::new();
        init.set_detail(detail);
        init.set_bubbles(true);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(&format!("shengtu:{name}"), &init) {
            let _ = self.nodes.root.dispatch_event(&event);
        }
    }

    pub(super) fn emit_selection(&self) {
        let id = self.state.selected.map(|i| self.atlas.regions[i].id.clone());
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &detail,
            &"id".into(),
            &id.map_or(JsValue::NULL, |s| JsValue::from_str(&s)),
        );
        self.emit("select", &detail);
    }

    pub(super) fn emit_problems(&self) {
        let all: Vec<String> = self
            .geometry_problems
            .iter()
            .cloned()
            .chain(self.problems.iter().map(ToString::to_string))
            .collect();
        if all.is_empty() {
            return;
        }
        let list = js_sys::Array::new();
        for p in &all {
            list.push(&JsValue::from_str(p));
        }
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"problems".into(), &list);
        self.emit("error", &detail);
    }
}
