//! The browser shell: mounts the map into a page, turns DOM events into core
//! [`Event`]s, draws through plotters-canvas, builds the toolbar, legend and
//! story panel from [`crate::present`], keeps the URL in step (deep links,
//! back button), and exposes a handle to JavaScript (`window.shengtu` on the
//! standalone page).
//!
//! Every decision (which region, which colour, what the legend says) is made
//! in the core; this module owns DOM nodes and closures and reports errors
//! readably. It compiles only for wasm32.

mod access;
mod canvas;
mod dom;
mod export;
mod zoom;

use crate::color_scale::{Choropleth, View};
use crate::dataset::{Dataset, Problem, DEFAULT_DATASET};
use crate::geometry::Point;
use crate::i18n::{preferred_lang, switch_label, Ui};
use crate::labels::place_labels;
use crate::model::{Atlas, Lang};
use crate::present::{self, Swatch};
use crate::render::{MapStyle, Theme};
use crate::scene::Scene;
use crate::state::{Event, ViewState};
use crate::topology::default_atlas;
use dom::{append_text, clear, element};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlCanvasElement, HtmlElement, HtmlSelectElement, KeyboardEvent, PointerEvent, Window,
};

fn window() -> Window {
    web_sys::window().expect("shengtu runs in a browser window, which has a `window`")
}

fn document() -> Document {
    window().document().expect("a browser window has a document")
}

/// Converts any displayable error into a JS exception.
fn js_error(e: impl std::fmt::Display) -> JsValue {
    JsValue::from(js_sys::Error::new(&e.to_string()))
}

/// Entry point run by the wasm-bindgen glue: installs the panic hook and, on
/// the standalone page, mounts the map into `#china-map` and publishes
/// `window.shengtu`.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    install_panic_hook();
    let Some(container) = document().get_element_by_id("china-map") else {
        return Ok(()); // a host page mounts explicitly
    };
    // `geometry=<url>` and `data=<url>` load a newsroom's files (same origin
    // under the page's CSP), geometry first so the data is matched against it.
    let url = url_view();
    let as_js = |v: Option<String>| v.map_or(JsValue::UNDEFINED, |s| JsValue::from_str(&s));
    let (geometry, data) = (as_js(url.geometry), as_js(url.data));
    let handle = mount_with_url(container, true, UrlView::default(), url_loads(&geometry, &data))?;
    handle.load_initial(geometry, data)?;
    js_sys::Reflect::set(&window(), &JsValue::from_str("shengtu"), &JsValue::from(handle))?;
    Ok(())
}

/// How many of a map's initial files are URLs to wait for (see `App::hold`).
fn url_loads(geometry: &JsValue, data: &JsValue) -> u32 {
    let url = |v: &JsValue| v.as_string().is_some_and(|s| is_url(&s));
    u32::from(url(geometry)) + u32::from(url(data))
}

impl MapHandle {
    /// Loads the boundaries and dataset a map starts with (each JSON text,
    /// an object or a URL; undefined for none), geometry first so the data
    /// is matched against it. The map was mounted holding for the URLs among
    /// them (`url_loads`), so no other data is ever drawn in their place.
    fn load_initial(&self, geometry: JsValue, data: JsValue) -> Result<(), JsValue> {
        let given = |v: &JsValue| !v.is_undefined() && !v.is_null();
        let geometry_is_url = geometry.as_string().is_some_and(|s| is_url(&s));
        let pending = if given(&geometry) {
            Some(self.set_geometry_js(geometry)?)
        } else {
            None
        };
        if !given(&data) {
            return Ok(());
        }
        match pending {
            Some(promise) if geometry_is_url => {
                let next = MapHandle {
                    app: Rc::clone(&self.app),
                };
                let then = Closure::once(move |_: JsValue| {
                    let _ = next.set_data_js(data);
                });
                let _ = js_sys::Promise::from(promise).then(&then);
                then.forget();
            }
            _ => {
                self.set_data_js(data)?;
            }
        }
        Ok(())
    }
}

/// Replaces every mounted map with a readable message if the Wasm code panics,
/// and logs the details to the console: a reader never sees a frozen or blank
/// map without explanation.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let details = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&format!("shengtu: internal error: {details}")));
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(maps) = document.query_selector_all(".shengtu-map") else {
            return;
        };
        for i in 0..maps.length() {
            let Some(node) = maps.item(i) else { continue };
            let Ok(element) = node.dyn_into::<Element>() else {
                continue;
            };
            element.set_text_content(None);
            if let Ok(message) = document.create_element("p") {
                message.set_class_name("shengtu-error");
                let _ = message.set_attribute("role", "alert");
                message.set_text_content(Some(
                    "地图出错，请刷新页面。 The map stopped because of an internal error; please reload the page.",
                ));
                let _ = element.append_child(&message);
            }
        }
    }));
}

/// The view a URL asks for: `region=`, `metric=`, `lang=` from the query
/// string or the hash (the hash wins).
#[derive(Debug, Default, Clone, PartialEq)]
struct UrlView {
    region: Option<String>,
    metric: Option<String>,
    lang: Option<String>,
    dark: Option<String>,
    data: Option<String>,
    geometry: Option<String>,
}

fn url_view() -> UrlView {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let mut view = UrlView::default();
    for part in [search.trim_start_matches('?'), hash.trim_start_matches('#')] {
        for pair in part.split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            let value = js_sys::decode_uri_component(&value.replace('+', " "))
                .map(String::from)
                .unwrap_or_else(|_| value.to_string());
            match key {
                "region" => view.region = Some(value),
                "metric" => view.metric = Some(value),
                "lang" => view.lang = Some(value),
                "dark" => view.dark = Some(value),
                "data" => view.data = Some(value),
                "geometry" => view.geometry = Some(value),
                _ => {}
            }
        }
    }
    view
}

/// The DOM nodes of one mounted map.
struct Nodes {
    root: Element,
    canvas: HtmlCanvasElement,
    status: Element,
    banner: Element,
    select: HtmlSelectElement,
    select_label: Element,
    lang_buttons: Vec<(Lang, Element)>,
    legend: Element,
    panel: HtmlElement,
    tooltip: HtmlElement,
    table: Element,
    table_toggle: Element,
}

/// One mounted map.
struct App {
    nodes: Nodes,
    atlas: Rc<Atlas>,
    dataset: Dataset,
    /// The dataset's JSON, to validate again when the geometry changes.
    dataset_json: String,
    problems: Vec<Problem>,
    /// Problems of a boundary file loaded with `setGeometry`.
    geometry_problems: Vec<String>,
    scene: Scene,
    state: ViewState,
    style: MapStyle,
    lang: Lang,
    view: View,
    panel_open: bool,
    /// Whether this map drives the page URL (the standalone page does).
    owns_url: bool,
    /// Whether the history entry on top was pushed by opening the panel.
    pushed: bool,
    /// Neighbours for arrow-key movement.
    adjacency: crate::adjacency::Adjacency,
    /// Dark theme forced on (`Some(true)`), off, or following the system.
    dark: Option<bool>,
    /// Set by `destroy()`: listeners still attached to the document ignore
    /// events from then on.
    destroyed: bool,
    /// Zoom of the main frame.
    zoom: crate::layout::Zoom,
    /// The highlights over the map canvas (see `canvas::Overlay`).
    overlay: canvas::Overlay,
    /// Whether the base layer must be drawn again before the next frame.
    base_dirty: std::cell::Cell<bool>,
    /// Pointers down on the canvas (pinch, drag).
    gesture: zoom::Gesture,
    /// The app itself, for work scheduled after the next paint.
    this: std::rc::Weak<RefCell<App>>,
    /// Files still loading that the map waits for before its first draw
    /// (`?data=`/`?geometry=` URLs, or `mount` options): nothing is drawn
    /// meanwhile, so the built-in 2022 dataset never flashes in their place.
    holding: std::cell::Cell<u32>,
    /// Bumped whenever the overlay's layers are dropped; a warming pass for
    /// an older generation stops (see `warm_later`).
    warm_generation: std::cell::Cell<u32>,
    /// A relabel is scheduled (see `relabel_later`).
    relabel_pending: std::cell::Cell<bool>,
    /// A relayout is scheduled (the stage was resized).
    relayout_pending: std::cell::Cell<bool>,
    /// Whether the canvas shows the pointer cursor.
    pointer_cursor: std::cell::Cell<bool>,
    /// What the tooltip shows (region, text), so a move within one region
    /// touches no DOM but the position.
    tooltip_shows: RefCell<Option<(usize, String)>>,
}

impl App {
    fn redraw(&self) {
        if self.holding.get() > 0 {
            return; // waiting for the newsroom's files (see `hold`)
        }
        let dirty = self.base_dirty.replace(false);
        if let Err(e) = canvas::draw(
            &self.nodes.canvas,
            &self.overlay,
            dirty,
            &self.scene,
            &self.state,
            &self.style,
        ) {
            web_sys::console::error_1(&JsValue::from_str(&format!("shengtu: drawing failed: {e}")));
        }
        if dirty {
            let _ = self.nodes.canvas.set_attribute("data-ready", "1");
            self.warm_later();
        }
    }

    /// Once the map has been still for a moment, draws the hover layers of
    /// every region a few at a time, so no hover has to draw one.
    fn warm_later(&self) {
        let generation = self.warm_generation.get().wrapping_add(1);
        self.warm_generation.set(generation);
        fn step(a: &mut App, generation: u32) {
            if a.warm_generation.get() != generation || a.holding.get() > 0 {
                return; // the layers were dropped again, or nothing is drawn yet
            }
            if let Ok(left) = a.overlay.warm(&a.scene, &a.style, 6) {
                if left > 0 {
                    a.later(16, move |a| step(a, generation));
                }
            }
        }
        self.later(300, move |a| step(a, generation));
    }

    /// Runs `task` on the app after `ms` milliseconds (skipped if the map was
    /// destroyed meanwhile or is busy).
    fn later(&self, ms: i32, task: impl FnOnce(&mut App) + 'static) {
        let run = self.task(task);
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), ms);
    }

    /// A JS function that runs `task` on this app, unless the map has been
    /// dropped or destroyed, or is busy, by the time it is called.
    fn task(&self, task: impl FnOnce(&mut App) + 'static) -> JsValue {
        let this = self.this.clone();
        Closure::once_into_js(move || {
            let Some(app) = this.upgrade() else { return };
            let Ok(mut app) = app.try_borrow_mut() else { return };
            if !app.destroyed {
                task(&mut app);
            }
        })
    }

    /// Recomputes fills and labels (view, language, selection or layout
    /// changed), then redraws.
    fn restyle(&mut self) {
        self.base_dirty.set(true);
        self.hide_tooltip(); // its text may be stale (view, language, data)
        let choropleth = Choropleth::new(&self.dataset, &self.view, self.atlas.regions.len());
        self.style.fills = choropleth.fills.clone();
        self.style.labels = self.placed_labels();
        self.style.label_size = self.label_font() * self.scene.layout.device_pixel_ratio;
        self.style.font_family = match self.lang {
            Lang::ZhHant => "system-ui, \"Noto Sans CJK TC\", \"Noto Sans TC\", sans-serif",
            _ => "system-ui, \"Noto Sans CJK SC\", \"Noto Sans SC\", sans-serif",
        }
        .into();
        let _ = self.nodes.canvas.set_attribute("data-metric", self.view.key());
        let dark = self.dark.unwrap_or_else(|| {
            window()
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
                .is_some_and(|m| m.matches())
        });
        self.style.theme = if dark { Theme::DARK } else { Theme::LIGHT };
        let classes = self.nodes.root.class_list();
        let _ = classes.toggle_with_force("shengtu-map--dark", dark);
        let _ = classes.toggle_with_force("shengtu-map--light", !dark);
        self.render_legend(&choropleth);
        if let Err(e) = self.render_table() {
            web_sys::console::error_1(&e);
        }
        self.redraw();
    }

    /// Label size in CSS px: a little smaller on phones.
    fn label_font(&self) -> f64 {
        if self.scene.layout.css_width < 480.0 {
            11.0
        } else {
            12.0
        }
    }

    /// Selection changed: the selected region's label goes first, so labels
    /// are placed again and the base layer redrawn; legend and table stay.
    /// Labels for the current scene, language, data and selection.
    fn placed_labels(&self) -> Vec<crate::labels::PlacedLabel> {
        let requests = present::label_requests(&self.dataset, &self.atlas, self.state.selected, self.lang);
        place_labels(&self.scene, &requests, self.label_font())
    }

    fn relabel(&mut self) {
        let labels = self.placed_labels();
        if labels != self.style.labels {
            self.style.labels = labels;
            self.base_dirty.set(true);
            self.redraw();
        }
    }

    /// Waits for `loads` more files before drawing: the canvas is cleared and
    /// the map is marked as loading (map.css hides the legend meanwhile).
    fn hold(&self, loads: u32) {
        if loads == 0 {
            return;
        }
        if self.holding.replace(self.holding.get() + loads) == 0 {
            let canvas = &self.nodes.canvas;
            canvas.set_width(canvas.width()); // clears it
            let _ = canvas.remove_attribute("data-ready");
            let _ = self.nodes.root.class_list().add_1("shengtu-map--loading");
            let _ = self.nodes.root.set_attribute("aria-busy", "true");
        }
    }

    /// One held file arrived (or failed); the last one draws the map. A
    /// failed dataset leaves the map without data (and its error in the
    /// banner), never with the built-in dataset in its place.
    fn release(&mut self, failed_data: bool) {
        let held = self.holding.get();
        if held == 0 {
            return;
        }
        if failed_data {
            self.dataset = Dataset::default();
            self.view = View::Focus;
        }
        self.holding.set(held - 1);
        if held == 1 {
            let _ = self.nodes.root.class_list().remove_1("shengtu-map--loading");
            let _ = self.nodes.root.remove_attribute("aria-busy");
            let lang = self.lang;
            self.set_lang(lang); // toolbar, legend, table and the whole map
        }
    }

    /// Relabels after the next paint: a click shows its outline and story in
    /// the frame it happens; the labels (which put the selected region's
    /// first) follow a frame later, and only redraw the base if they changed.
    fn relabel_later(&self) {
        if !self.relabel_pending.replace(true) {
            self.after_paint(|a| {
                a.relabel_pending.set(false);
                a.relabel();
            });
        }
    }

    /// Runs `task` on the app once the next frame has been painted
    /// (requestAnimationFrame, then a task), for work a reader need not wait
    /// for. Skipped if the map was destroyed meanwhile.
    fn after_paint(&self, task: impl FnOnce(&mut App) + 'static) {
        let run = self.task(task);
        let next_frame = Closure::once_into_js(move || {
            let _ = window().set_timeout_with_callback(run.unchecked_ref());
        });
        let _ = window().request_animation_frame(next_frame.unchecked_ref());
    }

    fn relayout(&mut self, container_css_width: f64) {
        let ratio = window().device_pixel_ratio();
        let layout = &self.scene.layout;
        let width = container_css_width
            .clamp(crate::layout::MIN_CSS_WIDTH, crate::layout::MAX_CSS_WIDTH)
            .floor();
        if (layout.css_width - width).abs() < 0.5 && (layout.device_pixel_ratio - ratio).abs() < 1e-9 {
            return;
        }
        self.scene = Scene::zoomed(&self.atlas, container_css_width, ratio, self.zoom);
        canvas::size(&self.nodes.canvas, &self.scene.layout);
        self.restyle();
    }

    /// Applies a pointer or API event; opens or closes the panel when the
    /// selection changes.
    fn apply(&mut self, event: Event) {
        let before = self.state.selected;
        if !self.state.update(event, &self.scene) {
            return;
        }
        let pointer = self.state.hovered.is_some();
        if self.pointer_cursor.replace(pointer) != pointer {
            let cursor = if pointer { "pointer" } else { "default" };
            let _ = self.nodes.canvas.style().set_property("cursor", cursor);
        }
        if self.state.selected != before {
            self.selection_changed();
        } else {
            self.redraw();
        }
    }

    /// The story panel opens (or closes) in the frame of the click; the
    /// URL, the selection outline and the labels follow after that frame is
    /// painted, so the reader gets what they asked for first (the benchmark's
    /// click → story budget is one frame).
    fn selection_changed(&mut self) {
        self.emit_selection();
        match self.state.selected {
            Some(region) => {
                let was_open = self.panel_open;
                self.open_panel();
                self.after_paint(move |a| {
                    if a.state.selected == Some(region) {
                        a.sync_url(!was_open);
                    }
                });
            }
            None => {
                self.close_panel_view();
                if self.owns_url && self.pushed {
                    // Pop the entry pushed on opening; popstate finds the
                    // selection already cleared.
                    self.pushed = false;
                    let _ = window().history().and_then(|h| h.back());
                } else {
                    self.sync_url(false);
                }
            }
        }
        self.announce();
        self.after_paint(|a| a.redraw());
        self.relabel_later();
    }

    fn announce(&self) {
        match self.state.selected {
            Some(i) => {
                let _ = self
                    .nodes
                    .canvas
                    .set_attribute("data-selected", &self.atlas.regions[i].id);
                let text = present::status(&self.dataset, &self.atlas, &self.view, i, self.lang);
                self.nodes.status.set_text_content(Some(&text));
            }
            None => {
                let _ = self.nodes.canvas.remove_attribute("data-selected");
                self.nodes.status.set_text_content(Some(""));
            }
        }
    }

    fn open_panel(&mut self) {
        let Some(region) = self.state.selected else { return };
        if let Err(e) = self.render_panel(region) {
            web_sys::console::error_1(&e);
        }
        let _ = self.nodes.panel.remove_attribute("hidden");
        let _ = self.nodes.root.class_list().add_1("shengtu-map--open");
        if !self.panel_open {
            self.state.focused = None;
            let _ = self.nodes.canvas.remove_attribute("data-focused");
            // Focus moves to the panel for screen readers without scrolling
            // the page (the panel is beside the map or a bottom sheet).
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = self.nodes.panel.focus_with_options(&options);
        }
        self.panel_open = true;
    }

    /// Hides the panel (selection and URL are the caller's business).
    fn close_panel_view(&mut self) {
        if !self.panel_open {
            return;
        }
        let _ = self.nodes.panel.set_attribute("hidden", "");
        let _ = self.nodes.root.class_list().remove_1("shengtu-map--open");
        self.panel_open = false;
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = self.nodes.canvas.focus_with_options(&options);
    }

    /// Closes the panel from the UI (button, Esc, tap outside): the history
    /// entry pushed on opening is popped, so Back does not reopen it.
    fn close_panel(&mut self) {
        if !self.panel_open {
            return;
        }
        if self.owns_url && self.pushed {
            self.pushed = false;
            // popstate then clears the selection (see `on_popstate`).
            let _ = window().history().and_then(|h| h.back());
            return;
        }
        self.state.update(Event::ClearSelection, &self.scene);
        self.selection_changed();
    }

    fn on_popstate(&mut self) {
        self.pushed = false;
        let url = url_view();
        let wanted = url.region.as_deref().and_then(|r| self.atlas.lookup(r));
        if wanted != self.state.selected {
            match wanted {
                Some(i) => self.state.update(Event::Select(i), &self.scene),
                None => self.state.update(Event::ClearSelection, &self.scene),
            };
            match wanted {
                Some(_) => self.open_panel(),
                None => self.close_panel_view(),
            }
            self.announce();
            self.restyle();
        }
    }

    /// Writes region, metric and language into the query string.
    fn sync_url(&mut self, push: bool) {
        if !self.owns_url {
            return;
        }
        let location = window().location();
        let search = location.search().unwrap_or_default();
        let mut params: Vec<String> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| {
                !p.is_empty()
                    && !["region", "metric", "lang"]
                        .iter()
                        .any(|k| p.starts_with(&format!("{k}=")))
            })
            .map(str::to_string)
            .collect();
        if let Some(i) = self.state.selected {
            params.push(format!("region={}", self.atlas.regions[i].id));
        }
        if self.view != View::Focus {
            params.push(format!("metric={}", self.view.key()));
        }
        params.push(format!("lang={}", self.lang.tag()));
        let path = location.pathname().unwrap_or_default();
        let url = format!("{path}?{}", params.join("&"));
        if !push && url == format!("{path}{search}") {
            return; // unchanged: history calls cost a round trip to the browser
        }
        let Ok(history) = window().history() else { return };
        let result = if push {
            self.pushed = true;
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
        if let Err(e) = result {
            web_sys::console::warn_1(&e);
        }
    }

    fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        let _ = self.nodes.root.set_attribute("lang", lang.tag());
        if self.owns_url {
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
        }
        if let Err(e) = self.render_toolbar() {
            web_sys::console::error_1(&e);
        }
        if self.panel_open {
            self.open_panel();
        }
        self.render_banner();
        self.announce();
        self.restyle();
        self.sync_url(false);
    }

    fn set_view(&mut self, view: View) {
        self.view = view;
        self.nodes.select.set_value(self.view.key());
        self.announce();
        self.restyle();
        self.sync_url(false);
    }

    fn render_toolbar(&self) -> Result<(), JsValue> {
        let document = document();
        let lang = self.lang;
        self.nodes.select_label.set_text_content(Some(Ui::ColourBy.text(lang)));
        let select: &Element = self.nodes.select.as_ref();
        clear(select);
        let focus = append_text(&document, select, "option", "", Ui::CampaignFocus.text(lang))?;
        focus.set_attribute("value", "focus")?;
        for (group, title) in [
            (crate::dataset::MetricGroup::Enforcement, Ui::Enforcement),
            (crate::dataset::MetricGroup::Education, Ui::Education),
        ] {
            let metrics: Vec<_> = self.dataset.metrics.iter().filter(|m| m.group == group).collect();
            if metrics.is_empty() {
                continue;
            }
            let optgroup = element(&document, "optgroup", "")?;
            optgroup.set_attribute("label", title.text(lang))?;
            for metric in metrics {
                let option = append_text(&document, &optgroup, "option", "", metric.label.get(lang))?;
                option.set_attribute("value", &metric.key)?;
            }
            select.append_child(&optgroup)?;
        }
        self.nodes.select.set_value(self.view.key());
        for (l, button) in &self.nodes.lang_buttons {
            button.set_attribute("aria-pressed", if *l == lang { "true" } else { "false" })?;
        }
        let close_label = Ui::Close.text(lang);
        if let Ok(Some(close)) = self.nodes.panel.query_selector(".shengtu-story__close") {
            close.set_attribute("aria-label", close_label)?;
        }
        self.nodes.panel.set_attribute("aria-label", Ui::Stories.text(lang))?;
        Ok(())
    }

    fn render_legend(&self, choropleth: &Choropleth) {
        let legend = present::legend(&self.dataset, &self.atlas, &self.view, choropleth, self.lang);
        let document = document();
        let root = &self.nodes.legend;
        clear(root);
        let build = || -> Result<(), JsValue> {
            append_text(&document, root, "h2", "shengtu-legend__title", &legend.title)?;
            let list = element(&document, "ul", "shengtu-legend__entries")?;
            for entry in &legend.entries {
                let item = element(&document, "li", "shengtu-legend__entry")?;
                let swatch = element(&document, "span", "shengtu-swatch")?;
                swatch.set_attribute("aria-hidden", "true")?;
                match entry.swatch {
                    Swatch::Color(c) => {
                        let css = format!("rgb({}, {}, {})", c.0, c.1, c.2);
                        swatch
                            .dyn_ref::<HtmlElement>()
                            .map(|s| s.style().set_property("background-color", &css));
                    }
                    Swatch::Hatch => swatch.class_list().add_1("shengtu-swatch--hatch")?,
                }
                item.append_child(&swatch)?;
                append_text(&document, &item, "span", "shengtu-legend__label", &entry.label)?;
                if !entry.detail.is_empty() {
                    append_text(&document, &item, "span", "shengtu-legend__detail", &entry.detail)?;
                }
                list.append_child(&item)?;
            }
            root.append_child(&list)?;
            for note in &legend.notes {
                append_text(&document, root, "p", "shengtu-legend__note", note)?;
            }
            // The source's link, if the data gives one (only http(s) passes
            // validation); it opens without giving the target a handle back.
            if let Some(url) = &self.dataset.source.url {
                let p = element(&document, "p", "shengtu-legend__note")?;
                let a = append_text(&document, &p, "a", "shengtu-legend__link", url)?;
                a.set_attribute("href", url)?;
                a.set_attribute("rel", "noopener noreferrer")?;
                a.set_attribute("target", "_blank")?;
                root.append_child(&p)?;
            }
            append_text(
                &document,
                root,
                "p",
                "shengtu-legend__note",
                Ui::Boundaries.text(self.lang),
            )?;
            Ok(())
        };
        if let Err(e) = build() {
            web_sys::console::error_1(&e);
        }
    }

    fn render_panel(&self, region: usize) -> Result<(), JsValue> {
        let Some(panel) = present::panel(&self.dataset, &self.atlas, region, self.lang) else {
            return Ok(());
        };
        let document = document();
        let root: &Element = self.nodes.panel.as_ref();
        // Keep the close button; rebuild the rest.
        let body = match root.query_selector(".shengtu-story__body")? {
            Some(b) => b,
            None => {
                let b = element(&document, "div", "shengtu-story__body")?;
                root.append_child(&b)?;
                b
            }
        };
        clear(&body);
        let heading_id = format!("{}-title", root.id());
        let title = append_text(&document, &body, "h2", "shengtu-story__title", &panel.title)?;
        title.set_id(&heading_id);
        root.set_attribute("aria-labelledby", &heading_id)?;
        if panel.subtitle != panel.title {
            append_text(&document, &body, "p", "shengtu-story__subtitle", &panel.subtitle)?;
        }
        if let Some(note) = &panel.empty_note {
            append_text(&document, &body, "p", "shengtu-story__empty", note)?;
        }
        for story in &panel.stories {
            let article = element(&document, "article", "shengtu-story__item")?;
            article.set_attribute("data-story", &story.id)?;
            append_text(&document, &article, "h3", "shengtu-story__headline", &story.headline)?;
            append_text(&document, &article, "p", "shengtu-story__meta", &story.meta)?;
            append_text(&document, &article, "p", "shengtu-story__summary", &story.summary)?;
            if !story.figures.is_empty() {
                let list = element(&document, "dl", "shengtu-story__figures")?;
                for figure in &story.figures {
                    append_text(&document, &list, "dt", "", &figure.label)?;
                    append_text(&document, &list, "dd", "", &figure.value)?;
                    // Its own row under the figure (a second description of
                    // the term), so a long period never squeezes the label.
                    if let Some(period) = &figure.period {
                        append_text(&document, &list, "dd", "shengtu-story__period", period)?;
                    }
                }
                article.append_child(&list)?;
            }
            if let Some(credit) = &story.credit {
                append_text(&document, &article, "p", "shengtu-story__credit", credit)?;
            }
            append_text(&document, &article, "p", "shengtu-story__source", &story.source)?;
            body.append_child(&article)?;
        }
        Ok(())
    }

    fn render_banner(&self) {
        let banner = &self.nodes.banner;
        clear(banner);
        let messages: Vec<String> = self
            .geometry_problems
            .iter()
            .cloned()
            .chain(self.problems.iter().map(ToString::to_string))
            .collect();
        if messages.is_empty() {
            let _ = banner.set_attribute("hidden", "");
            return;
        }
        let document = document();
        let _ = banner.remove_attribute("hidden");
        let _ = append_text(
            &document,
            banner,
            "p",
            "shengtu-errors__title",
            Ui::DataProblems.text(self.lang),
        );
        if let Ok(list) = element(&document, "ul", "") {
            for message in messages.iter().take(20) {
                let _ = append_text(&document, &list, "li", "", message);
            }
            if messages.len() > 20 {
                let _ = append_text(&document, &list, "li", "", &format!("… +{}", messages.len() - 20));
            }
            let _ = banner.append_child(&list);
        }
    }

    /// A device point from client (viewport) coordinates.
    fn device_point_from_client(&self, client_x: f64, client_y: f64) -> Point {
        let rect = self.nodes.canvas.get_bounding_client_rect();
        let layout = &self.scene.layout;
        let scale = if rect.width() > 0.0 {
            layout.css_width / rect.width()
        } else {
            1.0
        };
        layout.to_device(Point::new(
            (client_x - rect.left()) * scale,
            (client_y - rect.top()) * scale,
        ))
    }
}

/// `pointerType` of an event that may be a plain `MouseEvent` (synthetic
/// clicks): read without the typed getter, which throws on `undefined`.
fn pointer_type(e: &PointerEvent) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("pointerType"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Runs `action` on the app when `element` is clicked (the listener lives as
/// long as the element; clicks after `destroy()` are ignored).
fn on_click(
    element: &Element,
    app: &Rc<RefCell<App>>,
    mut action: impl FnMut(&mut App) + 'static,
) -> Result<(), JsValue> {
    let app = Rc::clone(app);
    let closure = Closure::<dyn FnMut()>::new(move || {
        let mut app = app.borrow_mut();
        if !app.destroyed {
            action(&mut app);
        }
    });
    element.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

/// Whether a string given to `setData`/`setGeometry` is a URL (not JSON).
fn is_url(s: &str) -> bool {
    !matches!(s.trim_start().chars().next(), Some('{' | '[') | None)
}

fn to_js_list(items: Vec<String>) -> JsValue {
    items.into_iter().map(JsValue::from).collect::<js_sys::Array>().into()
}

/// A region id as a JS string, or `null` (not `undefined`, as the API promises).
fn id_or_null(id: Option<&str>) -> JsValue {
    id.map_or(JsValue::NULL, JsValue::from_str)
}

/// A point in viewport (client) CSS pixels, as returned to JavaScript.
#[derive(serde::Serialize)]
struct ClientPoint {
    x: f64,
    y: f64,
}

/// The handle a host page or test uses to drive one map
/// (`window.shengtu` on the standalone page).
#[wasm_bindgen]
pub struct MapHandle {
    app: Rc<RefCell<App>>,
}

#[wasm_bindgen]
impl MapHandle {
    /// ISO 3166-2 ids of every region, in atlas order.
    pub fn regions(&self) -> Vec<String> {
        self.app.borrow().atlas.regions.iter().map(|r| r.id.clone()).collect()
    }

    /// The id of the region drawn under a viewport point (`clientX`,
    /// `clientY`), or `null` over sea or outside the map.
    #[wasm_bindgen(js_name = regionAt)]
    pub fn region_at(&self, client_x: f64, client_y: f64) -> JsValue {
        let app = self.app.borrow();
        let p = app.device_point_from_client(client_x, client_y);
        id_or_null(app.scene.region_at(p).map(|i| app.atlas.regions[i].id.as_str()))
    }

    /// `{x, y}` in viewport (CSS) coordinates of a region's label anchor (for
    /// Hong Kong and Macau, their callout marker), or `null` for an unknown id.
    #[wasm_bindgen(js_name = anchorOf)]
    pub fn anchor_of(&self, id: &str) -> JsValue {
        let app = self.app.borrow();
        let Some(css) = app.atlas.lookup(id).and_then(|i| app.scene.anchor_css(i)) else {
            return JsValue::NULL;
        };
        let rect = app.nodes.canvas.get_bounding_client_rect();
        let scale = if app.scene.layout.css_width > 0.0 {
            rect.width() / app.scene.layout.css_width
        } else {
            1.0
        };
        let point = ClientPoint {
            x: rect.left() + css.x * scale,
            y: rect.top() + css.y * scale,
        };
        serde_wasm_bindgen::to_value(&point).unwrap_or(JsValue::NULL)
    }

    /// Selects a region by ISO id, adcode or name and opens its story panel;
    /// `null` clears the selection. Returns whether the region was found.
    pub fn select(&self, id: Option<String>) -> bool {
        let mut app = self.app.borrow_mut();
        match id {
            None => {
                app.apply(Event::ClearSelection);
                true
            }
            Some(key) => match app.atlas.lookup(&key) {
                Some(i) => {
                    app.apply(Event::Select(i));
                    true
                }
                None => {
                    web_sys::console::warn_1(&JsValue::from_str(&format!("shengtu: no region matches {key:?}")));
                    false
                }
            },
        }
    }

    /// The selected region's id, or `null`.
    pub fn selected(&self) -> JsValue {
        let app = self.app.borrow();
        id_or_null(app.state.selected.map(|i| app.atlas.regions[i].id.as_str()))
    }

    /// Colours the map by `focus` or a metric key; returns whether it exists.
    #[wasm_bindgen(js_name = setMetric)]
    pub fn set_metric(&self, key: &str) -> bool {
        let mut app = self.app.borrow_mut();
        match View::from_key(key, &app.dataset) {
            Some(view) => {
                app.set_view(view);
                true
            }
            None => false,
        }
    }

    /// The current view's key (`focus` or a metric key).
    pub fn metric(&self) -> String {
        self.app.borrow().view.key().to_string()
    }

    /// Keys of every metric, after `focus`.
    pub fn metrics(&self) -> Vec<String> {
        let app = self.app.borrow();
        std::iter::once("focus".to_string())
            .chain(app.dataset.metrics.iter().map(|m| m.key.clone()))
            .collect()
    }

    /// Switches the language (`zh-Hans`, `zh-Hant`, `en`); returns whether
    /// the tag was understood.
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&self, tag: &str) -> bool {
        match Lang::from_tag(tag) {
            Some(lang) => {
                self.app.borrow_mut().set_lang(lang);
                true
            }
            None => false,
        }
    }

    /// The current language tag.
    pub fn lang(&self) -> String {
        self.app.borrow().lang.tag().to_string()
    }

    /// The drawn labels as `[{id, text, left, top, right, bottom}]` in
    /// client (CSS) pixels, for layout checks.
    #[wasm_bindgen(js_name = labelBoxes)]
    pub fn label_boxes(&self) -> JsValue {
        #[derive(serde::Serialize)]
        struct LabelBox {
            id: String,
            text: String,
            left: f64,
            top: f64,
            right: f64,
            bottom: f64,
        }
        let app = self.app.borrow();
        let rect = app.nodes.canvas.get_bounding_client_rect();
        let d = app.scene.layout.device_pixel_ratio;
        let boxes: Vec<LabelBox> = app
            .style
            .labels
            .iter()
            .map(|l| LabelBox {
                id: app.atlas.regions[l.region].id.clone(),
                text: l.text.clone(),
                left: rect.left() + l.bounds.min_x / d,
                top: rect.top() + l.bounds.min_y / d,
                right: rect.left() + l.bounds.max_x / d,
                bottom: rect.top() + l.bounds.max_y / d,
            })
            .collect();
        serde_wasm_bindgen::to_value(&boxes).unwrap_or(JsValue::NULL)
    }

    /// The main frame's magnification (1 = whole country).
    pub fn zoom(&self) -> f64 {
        self.app.borrow().zoom.scale
    }

    /// Zooms about the frame's centre by `factor` (clamped to 1–12×).
    #[wasm_bindgen(js_name = zoomBy)]
    pub fn zoom_by(&self, factor: f64) {
        if factor.is_finite() && factor > 0.0 {
            self.app.borrow_mut().zoom_by(factor);
        }
    }

    /// Back to the whole country.
    #[wasm_bindgen(js_name = resetZoom)]
    pub fn reset_zoom(&self) {
        self.app.borrow_mut().set_zoom(crate::layout::Zoom::default());
    }

    /// Clears the selection and closes the story panel.
    #[wasm_bindgen(js_name = clearSelection)]
    pub fn clear_selection(&self) {
        self.app.borrow_mut().apply(Event::ClearSelection);
    }

    /// Removes the map from its element. The handle does nothing afterwards.
    pub fn destroy(&self) {
        let mut app = self.app.borrow_mut();
        app.destroyed = true;
        app.nodes.root.set_text_content(None);
        let _ = app
            .nodes
            .root
            .class_list()
            .remove_2("shengtu-map--dark", "shengtu-map--light");
    }

    /// The current view as a 2× PNG (title, legend, source, credit), as a
    /// `data:` URL.
    #[wasm_bindgen(js_name = toPng)]
    pub fn to_png(&self) -> Result<String, JsValue> {
        self.app.borrow().poster_png()
    }

    /// The current view as CSV text.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> String {
        self.app.borrow().csv()
    }

    /// Downloads the 2× PNG.
    #[wasm_bindgen(js_name = downloadPng)]
    pub fn download_png(&self) -> Result<(), JsValue> {
        self.app.borrow().download_png()
    }

    /// Downloads the CSV.
    #[wasm_bindgen(js_name = downloadCsv)]
    pub fn download_csv(&self) -> Result<(), JsValue> {
        self.app.borrow().download_csv()
    }

    /// Replaces the dataset with a newsroom's own: a JSON string or a plain
    /// object (returns the problems as strings, empty when clean), or a URL
    /// (any string not starting with `{`; returns a Promise of the problems).
    /// Everything valid is shown; every problem is listed in the banner (and
    /// the console) with its JSON path.
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data_js(&self, data: JsValue) -> Result<JsValue, JsValue> {
        match data.as_string().filter(|s| is_url(s)) {
            Some(url) => Ok(self
                .after_fetch(&url, true, |handle, text| handle.set_data(JsValue::from_str(&text)))
                .into()),
            None => self.set_data(data).map(to_js_list),
        }
    }

    /// Like `setData`, for boundaries (`setGeometry(json | object | url)`).
    #[wasm_bindgen(js_name = setGeometry)]
    pub fn set_geometry_js(&self, data: JsValue) -> Result<JsValue, JsValue> {
        match data.as_string().filter(|s| is_url(s)) {
            Some(url) => Ok(self
                .after_fetch(&url, false, |handle, text| {
                    handle.set_geometry(JsValue::from_str(&text))
                })
                .into()),
            None => self.set_geometry(data).map(to_js_list),
        }
    }
}

impl MapHandle {
    /// Fetches `url` (a dataset if `data`) as text, then runs `then` with it;
    /// the Promise resolves to the problems (a failed fetch is reported as
    /// one problem at `$`). Either way, a map holding for it draws.
    fn after_fetch(
        &self,
        url: &str,
        data: bool,
        then: fn(&MapHandle, String) -> Result<Vec<String>, JsValue>,
    ) -> js_sys::Promise {
        let app = Rc::clone(&self.app);
        let target = url.to_string();
        js_sys::Promise::new(&mut move |resolve: js_sys::Function, _reject: js_sys::Function| {
            let fail = {
                let app = Rc::clone(&app);
                let resolve = resolve.clone();
                move |message: String| {
                    if let Ok(mut a) = app.try_borrow_mut() {
                        a.problems = vec![crate::dataset::Problem {
                            path: "$".into(),
                            message: message.clone(),
                        }];
                        a.render_banner();
                        a.emit_problems();
                        a.release(data);
                    }
                    let _ = resolve.call1(&JsValue::NULL, &to_js_list(vec![format!("$: {message}")]));
                }
            };
            let (app_text, resolve_text, fail_text, fail_fetch) =
                (Rc::clone(&app), resolve.clone(), fail.clone(), fail.clone());
            let url_text = target.clone();
            let on_text = Closure::once(move |text: JsValue| {
                let handle = MapHandle { app: app_text };
                match then(&handle, text.as_string().unwrap_or_default()) {
                    Ok(problems) => {
                        if let Ok(mut a) = handle.app.try_borrow_mut() {
                            a.release(false);
                        }
                        let _ = resolve_text.call1(&JsValue::NULL, &to_js_list(problems));
                    }
                    Err(e) => fail_text(format!("cannot use {url_text}: {}", e.as_string().unwrap_or_default())),
                }
            });
            let url_response = target.clone();
            let fail_response = fail.clone();
            let on_response = Closure::once(move |response: JsValue| {
                let ok = js_sys::Reflect::get(&response, &"ok".into())
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                let status = js_sys::Reflect::get(&response, &"status".into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0);
                let text = js_sys::Reflect::get(&response, &"text".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                    .and_then(|f| f.call0(&response).ok())
                    .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
                match (ok, text) {
                    (true, Some(promise)) => {
                        let _ = promise.then(&on_text);
                    }
                    _ => fail_response(format!("cannot load {url_response}: HTTP {status}")),
                }
                std::mem::forget(on_text);
            });
            let url_error = target.clone();
            let on_error = Closure::once(move |error: JsValue| {
                let message = js_sys::Reflect::get(&error, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_default();
                fail_fetch(format!("cannot load {url_error}: {message}"));
            });
            let _ = window().fetch_with_str(&target).then2(&on_response, &on_error);
            on_response.forget();
            on_error.forget();
        })
    }

    fn set_data(&self, data: JsValue) -> Result<Vec<String>, JsValue> {
        let json = match data.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(&data)?.as_string().unwrap_or_default(),
        };
        let mut app = self.app.borrow_mut();
        let (dataset, problems) = Dataset::from_json(&json, &app.atlas);
        for problem in &problems {
            web_sys::console::warn_1(&JsValue::from_str(&format!("shengtu data: {problem}")));
        }
        let messages = problems.iter().map(ToString::to_string).collect();
        app.dataset = dataset;
        app.dataset_json = json;
        app.problems = problems;
        if View::from_key(app.view.key(), &app.dataset).is_none() {
            app.view = View::Focus;
        }
        let lang = app.lang;
        app.set_lang(lang); // re-renders toolbar, banner, panel, legend and map
        app.emit_problems();
        Ok(messages)
    }

    /// Replaces the boundaries with a newsroom's own file (TopoJSON or
    /// GeoJSON, longitude/latitude or shengtu's projected metres), matched to
    /// regions by id, adcode or name. Problems are listed in the banner with
    /// their JSON paths and returned; if nothing is usable the current map
    /// stays.
    fn set_geometry(&self, data: JsValue) -> Result<Vec<String>, JsValue> {
        let json = match data.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(&data)?.as_string().unwrap_or_default(),
        };
        let reference = default_atlas().map_err(js_error)?;
        let (atlas, problems) = crate::boundaries::load_boundaries(&json, &reference);
        let messages: Vec<String> = problems.iter().map(|p| format!("geometry {p}")).collect();
        for m in &messages {
            web_sys::console::warn_1(&JsValue::from_str(&format!("shengtu: {m}")));
        }
        let mut app = self.app.borrow_mut();
        app.geometry_problems = messages.clone();
        if let Some(atlas) = atlas {
            let (dataset, data_problems) = Dataset::from_json(&app.dataset_json, &atlas);
            app.atlas = Rc::new(atlas);
            app.dataset = dataset;
            app.problems = data_problems;
            app.state = ViewState::default();
            app.close_panel_view();
            let width = app.scene.layout.css_width;
            let ratio = app.scene.layout.device_pixel_ratio;
            app.scene = Scene::new(&app.atlas, width, ratio);
            app.adjacency = crate::adjacency::Adjacency::new(&app.atlas);
            canvas::size(&app.nodes.canvas, &app.scene.layout);
            app.announce();
        }
        let lang = app.lang;
        app.set_lang(lang);
        app.emit_problems();
        Ok(messages)
    }
}

#[wasm_bindgen]
impl MapHandle {
    /// Panics on purpose, for the test that checks a reader sees a readable
    /// message instead of a broken map (the panic hook). Not for hosts.
    #[wasm_bindgen(js_name = debugPanic)]
    pub fn debug_panic(&self) {
        panic!("debugPanic was called");
    }

    /// Bytes of WebAssembly memory in use (for leak tests and diagnostics).
    #[wasm_bindgen(js_name = memoryBytes)]
    pub fn memory_bytes(&self) -> f64 {
        wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map_or(0.0, |m| {
                m.buffer()
                    .dyn_into::<js_sys::ArrayBuffer>()
                    .map_or(0.0, |b| f64::from(b.byte_length()))
            })
    }
}

/// Mounts a map into `container` (its contents are replaced).
///
/// # Errors
/// A DOM call failed, or the built-in geometry is corrupt.
pub fn mount(container: Element) -> Result<MapHandle, JsValue> {
    let initial = initial_from_attributes(&container, UrlView::default());
    mount_with_url(container, false, initial, 0)
}

/// Options of `mount(element, options)`; every field is optional and wins
/// over the element's `data-lang`, `data-metric`, `data-region`, `data-dark`.
#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct MountOptions {
    lang: Option<String>,
    metric: Option<String>,
    region: Option<String>,
    dark: Option<bool>,
    /// A dataset (object, JSON text or URL), as for `setData`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    data: JsValue,
    /// Boundaries (object, JSON text or URL), as for `setGeometry`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    geometry: JsValue,
}

fn initial_from_attributes(element: &Element, mut view: UrlView) -> UrlView {
    let attribute = |name: &str| element.get_attribute(name).filter(|v| !v.is_empty());
    view.lang = attribute("data-lang").or(view.lang);
    view.metric = attribute("data-metric").or(view.metric);
    view.region = attribute("data-region").or(view.region);
    view.dark = attribute("data-dark").or(view.dark);
    view
}

/// Mounts a map into an element of a host page: `mount(element, options?)`.
/// The page's URL is left alone. Fires `shengtu:ready` on the element.
#[wasm_bindgen(js_name = mount)]
pub fn mount_js(element: HtmlElement, options: JsValue) -> Result<MapHandle, JsValue> {
    let options: MountOptions = if options.is_undefined() || options.is_null() {
        MountOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|e| js_error(format!("shengtu: bad mount options: {e}")))?
    };
    let element: Element = element.into();
    let mut initial = initial_from_attributes(&element, UrlView::default());
    initial.lang = options.lang.or(initial.lang);
    initial.metric = options.metric.or(initial.metric);
    initial.region = options.region.or(initial.region);
    initial.dark = options
        .dark
        .map(|d| if d { "1".into() } else { "0".into() })
        .or(initial.dark);
    let handle = mount_with_url(element, false, initial, url_loads(&options.geometry, &options.data))?;
    handle.load_initial(options.geometry, options.data)?;
    Ok(handle)
}

static MOUNT_COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Mounts a map; `loads` files (URLs) are on their way, and nothing is drawn
/// before they arrive.
fn mount_with_url(container: Element, owns_url: bool, initial: UrlView, loads: u32) -> Result<MapHandle, JsValue> {
    let document = document();
    let atlas = Rc::new(default_atlas().map_err(js_error)?);
    let (dataset, problems) = Dataset::from_json(DEFAULT_DATASET, &atlas);
    for problem in &problems {
        web_sys::console::warn_1(&JsValue::from_str(&format!("shengtu data: {problem}")));
    }
    let url = if owns_url { url_view() } else { initial };
    let lang = url.lang.as_deref().and_then(Lang::from_tag).unwrap_or_else(|| {
        let languages = window().navigator().languages();
        let tags: Vec<String> = languages.iter().filter_map(|v| v.as_string()).collect();
        preferred_lang(tags.iter().map(String::as_str))
    });
    let view = url
        .metric
        .as_deref()
        .and_then(|m| View::from_key(m, &dataset))
        .unwrap_or(View::Focus);

    let number = MOUNT_COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    container.set_text_content(None);
    container.class_list().add_1("shengtu-map")?;
    container.set_attribute("lang", lang.tag())?;

    let banner = element(&document, "div", "shengtu-errors")?;
    banner.set_attribute("role", "alert")?;
    banner.set_attribute("hidden", "")?;
    container.append_child(&banner)?;

    let toolbar = element(&document, "div", "shengtu-toolbar")?;
    let select_label = element(&document, "label", "shengtu-toolbar__label")?;
    let select_id = format!("shengtu-metric-{number}");
    select_label.set_attribute("for", &select_id)?;
    let select: HtmlSelectElement = element(&document, "select", "shengtu-metric")?.dyn_into()?;
    select.set_id(&select_id);
    toolbar.append_child(&select_label)?;
    toolbar.append_child(&select)?;
    let switch = element(&document, "div", "shengtu-lang")?;
    switch.set_attribute("role", "group")?;
    switch.set_attribute("aria-label", "语言 · 語言 · Language")?;
    let mut lang_buttons = Vec::new();
    for l in Lang::ALL {
        let button = append_text(&document, &switch, "button", "shengtu-lang__button", switch_label(l))?;
        button.set_attribute("type", "button")?;
        button.set_attribute("lang", l.tag())?;
        button.set_attribute("data-lang", l.tag())?;
        lang_buttons.push((l, button));
    }
    toolbar.append_child(&switch)?;
    container.append_child(&toolbar)?;

    let body = element(&document, "div", "shengtu-body")?;
    let stage = element(&document, "div", "shengtu-stage")?;
    let canvas: HtmlCanvasElement = element(&document, "canvas", "shengtu-canvas")?.dyn_into()?;
    canvas.set_attribute("role", "img")?;
    canvas.set_attribute("tabindex", "0")?;
    canvas.set_attribute(
        "aria-label",
        "中国省级行政区地图 · Map of China's 34 provincial-level divisions, with a South China Sea inset",
    )?;
    let status = element(&document, "p", "shengtu-status")?;
    status.set_attribute("aria-live", "polite")?;
    let legend = element(&document, "div", "shengtu-legend")?;
    // The data table of the current view: visually hidden (screen readers
    // read it) until the toggle shows it.
    let table_id = format!("shengtu-table-{number}");
    let tools = element(&document, "div", "shengtu-tools")?;
    let table_toggle = append_text(&document, &tools, "button", "shengtu-table-toggle", "Table")?;
    table_toggle.set_attribute("type", "button")?;
    table_toggle.set_attribute("aria-expanded", "false")?;
    table_toggle.set_attribute("aria-controls", &table_id)?;
    let zoom_in = append_text(&document, &tools, "button", "shengtu-zoom shengtu-zoom--in", "+")?;
    let zoom_out = append_text(&document, &tools, "button", "shengtu-zoom shengtu-zoom--out", "−")?;
    let zoom_reset = append_text(&document, &tools, "button", "shengtu-zoom shengtu-zoom--reset", "⟲")?;
    for (button, label) in [
        (&zoom_in, "放大 · Zoom in"),
        (&zoom_out, "缩小 · Zoom out"),
        (&zoom_reset, "复原 · Reset zoom"),
    ] {
        button.set_attribute("type", "button")?;
        button.set_attribute("aria-label", label)?;
    }
    let png_button = append_text(
        &document,
        &tools,
        "button",
        "shengtu-download shengtu-download--png",
        "PNG",
    )?;
    png_button.set_attribute("type", "button")?;
    let csv_button = append_text(
        &document,
        &tools,
        "button",
        "shengtu-download shengtu-download--csv",
        "CSV",
    )?;
    csv_button.set_attribute("type", "button")?;
    let table = element(&document, "table", "shengtu-table")?;
    // Hidden visually by its box: a table ignores `width: 1px` and would
    // widen the page on phones (a 442 px table on a 375 px screen).
    let table_box = element(&document, "div", "shengtu-table-box shengtu-visually-hidden")?;
    table_box.append_child(&table)?;
    table.set_id(&table_id);
    let tooltip: HtmlElement = element(&document, "div", "shengtu-tooltip")?.dyn_into()?;
    tooltip.set_attribute("role", "tooltip")?;
    tooltip.set_attribute("hidden", "")?;
    // The map canvas and, over it, the overlay that hover, focus and
    // selection are drawn into (aria-hidden; the map canvas has the name,
    // the focus and the events).
    let canvas_box = element(&document, "div", "shengtu-canvas-box")?;
    let overlay = element(&document, "div", "shengtu-overlay")?;
    overlay.set_attribute("aria-hidden", "true")?;
    canvas_box.append_child(&canvas)?;
    canvas_box.append_child(&overlay)?;
    stage.append_child(&canvas_box)?;
    stage.append_child(&status)?;
    stage.append_child(&legend)?;
    stage.append_child(&tools)?;
    stage.append_child(&table_box)?;
    stage.append_child(&tooltip)?;
    let panel: HtmlElement = element(&document, "aside", "shengtu-story")?.dyn_into()?;
    panel.set_id(&format!("shengtu-story-{number}"));
    panel.set_attribute("role", "region")?;
    panel.set_attribute("tabindex", "-1")?;
    panel.set_attribute("hidden", "")?;
    let close = append_text(&document, &panel, "button", "shengtu-story__close", "×")?;
    close.set_attribute("type", "button")?;
    body.append_child(&stage)?;
    body.append_child(&panel)?;
    container.append_child(&body)?;

    let width = stage.get_bounding_client_rect().width();
    let scene = Scene::new(&atlas, width, window().device_pixel_ratio());
    let atlas_for_adjacency = Rc::clone(&atlas);
    canvas::size(&canvas, &scene.layout);
    let nodes = Nodes {
        root: container.clone(),
        canvas: canvas.clone(),
        status,
        banner,
        select: select.clone(),
        select_label,
        lang_buttons,
        legend,
        panel: panel.clone(),
        tooltip,
        table,
        table_toggle: table_toggle.clone(),
    };
    let app = Rc::new_cyclic(|this| {
        RefCell::new(App {
            this: this.clone(),
            holding: std::cell::Cell::new(0),
            warm_generation: std::cell::Cell::new(0),
            relabel_pending: std::cell::Cell::new(false),
            relayout_pending: std::cell::Cell::new(false),
            pointer_cursor: std::cell::Cell::new(false),
            tooltip_shows: RefCell::new(None),
            nodes,
            atlas,
            dataset,
            dataset_json: DEFAULT_DATASET.to_string(),
            problems,
            geometry_problems: Vec::new(),
            scene,
            state: ViewState::default(),
            style: MapStyle::plain(Theme::LIGHT),
            lang,
            view,
            panel_open: false,
            owns_url,
            pushed: false,
            adjacency: crate::adjacency::Adjacency::new(&atlas_for_adjacency),
            zoom: crate::layout::Zoom::default(),
            overlay: canvas::Overlay::new(overlay),
            base_dirty: std::cell::Cell::new(true),
            gesture: zoom::Gesture::default(),
            dark: url.dark.as_deref().map(|d| d == "1" || d == "true"),
            destroyed: false,
        })
    });
    {
        let mut a = app.borrow_mut();
        a.hold(loads);
        a.set_lang(lang);
        if let Some(region) = url.region.as_deref().and_then(|r| a.atlas.lookup(r)) {
            let App { state, scene, .. } = &mut *a;
            state.update(Event::Select(region), scene);
            a.open_panel();
            a.announce();
            a.restyle();
        }
    }

    let listen = |name: &str, make: fn(&App, &PointerEvent) -> Event| -> Result<(), JsValue> {
        let app = Rc::clone(&app);
        let kind = name.to_string();
        let closure = Closure::<dyn FnMut(PointerEvent)>::new(move |e: PointerEvent| {
            if app.borrow().destroyed {
                return;
            }
            let mut a = app.borrow_mut();
            match kind.as_str() {
                "pointerdown" => {
                    a.on_pointer_down(&e);
                    return;
                }
                "pointerup" | "pointercancel" => {
                    a.on_pointer_up(&e);
                    return;
                }
                "pointermove" if a.on_pointer_gesture(&e) => {
                    a.hide_tooltip();
                    return;
                }
                "click" if a.gesture.travelled > 6.0 => return, // the end of a drag
                _ => {}
            }
            let event = make(&a, &e);
            a.apply(event);
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            match (kind.as_str(), pointer_type(&e).as_str()) {
                ("pointermove", "mouse" | "pen") => a.update_tooltip(x, y),
                ("pointerleave", _) => a.hide_tooltip(),
                // A tap shows the tooltip of what was tapped (no hover on touch).
                ("click", "touch") => {
                    let p = a.device_point_from_client(x, y);
                    a.apply(Event::PointerMove(p));
                    a.update_tooltip(x, y);
                }
                _ => {}
            }
        });
        canvas.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())?;
        closure.forget(); // lives as long as the canvas
        Ok(())
    };
    listen("pointermove", |app, e| {
        Event::PointerMove(app.device_point_from_client(f64::from(e.client_x()), f64::from(e.client_y())))
    })?;
    listen("pointerleave", |_, _| Event::PointerLeave)?;
    listen("pointerdown", |_, _| Event::PointerLeave)?; // handled before `make`
    listen("pointerup", |_, _| Event::PointerLeave)?;
    listen("pointercancel", |_, _| Event::PointerLeave)?;
    listen("click", |app, e| {
        Event::Click(app.device_point_from_client(f64::from(e.client_x()), f64::from(e.client_y())))
    })?;

    // Keyboard: one tab stop, arrows, Home/End, Enter/Space (Esc below).
    {
        let app_key = Rc::clone(&app);
        let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if app_key.borrow().destroyed {
                return;
            }
            if app_key.borrow_mut().on_key(&e) {
                e.prevent_default();
            }
        });
        canvas.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
        on_key.forget();
        let app_blur = Rc::clone(&app);
        // Blur can fire synchronously while the app moves focus itself (to the
        // story panel): then the app is busy and has already dropped the ring.
        let on_blur = Closure::<dyn FnMut()>::new(move || {
            if let Ok(mut app) = app_blur.try_borrow_mut() {
                app.on_blur();
            }
        });
        canvas.add_event_listener_with_callback("blur", on_blur.as_ref().unchecked_ref())?;
        on_blur.forget();
    }
    // Zoom: wheel (with focus or Ctrl; not passive, so it can keep the page
    // still while zooming), and the +, − and reset buttons.
    {
        let app_wheel = Rc::clone(&app);
        let canvas_node = canvas.clone();
        let on_wheel = Closure::<dyn FnMut(web_sys::WheelEvent)>::new(move |e: web_sys::WheelEvent| {
            let canvas_element: &Element = canvas_node.as_ref();
            let focused = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .is_some_and(|a| &a == canvas_element);
            if let Ok(mut app) = app_wheel.try_borrow_mut() {
                if !app.destroyed && app.on_wheel(&e, focused) {
                    e.prevent_default();
                }
            }
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        canvas.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        )?;
        on_wheel.forget();
        on_click(&zoom_in, &app, |a| a.zoom_by(1.5))?;
        on_click(&zoom_out, &app, |a| a.zoom_by(1.0 / 1.5))?;
        on_click(&zoom_reset, &app, |a| a.set_zoom(crate::layout::Zoom::default()))?;
    }
    // Data table toggle and downloads.
    on_click(&table_toggle, &app, |a| a.toggle_table())?;
    on_click(&png_button, &app, |a| {
        if let Err(e) = a.download_png() {
            web_sys::console::error_1(&e);
        }
    })?;
    on_click(&csv_button, &app, |a| {
        if let Err(e) = a.download_csv() {
            web_sys::console::error_1(&e);
        }
    })?;

    // Metric selector and language switch.
    {
        let app = Rc::clone(&app);
        let select_for_event = select.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            let key = select_for_event.value();
            let view = View::from_key(&key, &app.borrow().dataset);
            if let Some(view) = view {
                app.borrow_mut().set_view(view);
            }
        });
        select.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
        on_change.forget();
    }
    let lang_buttons = app.borrow().nodes.lang_buttons.clone();
    for (lang, button) in lang_buttons {
        on_click(&button, &app, move |a| a.set_lang(lang))?;
    }

    // Closing the panel: button, Esc, a click or tap outside it.
    {
        on_click(&close, &app, App::close_panel)?;

        let app_key = Rc::clone(&app);
        let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if app_key.borrow().destroyed {
                return;
            }
            if e.key() == "Escape" && app_key.borrow().panel_open {
                app_key.borrow_mut().close_panel();
            }
        });
        document.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
        on_key.forget();

        let app_outside = Rc::clone(&app);
        let panel_node = panel.clone();
        let canvas_node = canvas.clone();
        let root_node = container.clone();
        let on_outside = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if app_outside.borrow().destroyed {
                return;
            }
            let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()) else {
                return;
            };
            let inside_panel = panel_node.contains(Some(&target));
            let on_canvas = canvas_node.contains(Some(&target));
            let on_controls = root_node.contains(Some(&target)) && !inside_panel && !on_canvas;
            let is_open = app_outside.borrow().panel_open;
            if is_open && !inside_panel && !on_canvas && !on_controls {
                app_outside.borrow_mut().close_panel();
            }
        });
        document.add_event_listener_with_callback("click", on_outside.as_ref().unchecked_ref())?;
        on_outside.forget();
    }

    if owns_url {
        let app_pop = Rc::clone(&app);
        let on_pop = Closure::<dyn FnMut()>::new(move || app_pop.borrow_mut().on_popstate());
        window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref())?;
        on_pop.forget();
    }

    // Follow the stage's width (and the pixel ratio, which changes with
    // browser zoom and when a window moves between screens).
    let observed = stage.clone();
    let resize_app = Rc::clone(&app);
    // The new layout is drawn after the next paint: when the story panel
    // opens beside the map, the panel appears at once and the map (scaled by
    // CSS for that frame) is redrawn at its new width a frame later.
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let Ok(a) = resize_app.try_borrow() else { return };
        if a.relayout_pending.replace(true) {
            return;
        }
        let observed = observed.clone();
        a.after_paint(move |a| {
            a.relayout_pending.set(false);
            a.relayout(observed.get_bounding_client_rect().width());
        });
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref())?;
    observer.observe(&stage);
    window().add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref())?;
    on_resize.forget();

    // Tell the host once the handle is in its hands (after this call returns).
    let app_ready = Rc::clone(&app);
    let on_ready = Closure::once(move |_: JsValue| {
        let a = app_ready.borrow();
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"regions".into(), &JsValue::from(a.atlas.regions.len()));
        a.emit("ready", &detail);
        a.emit_problems();
    });
    let _ = js_sys::Promise::resolve(&JsValue::NULL).then(&on_ready);
    on_ready.forget();

    Ok(MapHandle { app })
}
