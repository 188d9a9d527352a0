//! The browser shell: mounts the map into a page, turns DOM events into core
//! [`Event`]s, draws through plotters-canvas, and exposes a small handle to
//! JavaScript (`window.shengtu` on the standalone page).
//!
//! Every decision (which region, which colour, where the inset goes) is made in
//! the core; this module converts CSS pixels to device pixels, owns closures
//! and DOM nodes, and reports errors readably. It compiles only for wasm32.

mod canvas;

use crate::geometry::Point;
use crate::model::{Atlas, Lang};
use crate::render::{MapStyle, Theme};
use crate::scene::Scene;
use crate::state::{Event, ViewState};
use crate::topology::default_atlas;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlCanvasElement, HtmlElement, PointerEvent, Window};

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
    let handle = mount(container)?;
    if let Some(id) = region_from_url() {
        handle.select(Some(id));
    }
    js_sys::Reflect::set(&window(), &JsValue::from_str("shengtu"), &JsValue::from(handle))?;
    Ok(())
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

/// Reads `region=<id>` from the query string or the hash.
fn region_from_url() -> Option<String> {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let found = [search.trim_start_matches('?'), hash.trim_start_matches('#')]
        .into_iter()
        .flat_map(|part| part.split('&'))
        .find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == "region").then(|| {
                js_sys::decode_uri_component(&value.replace('+', " "))
                    .map(String::from)
                    .unwrap_or_else(|_| value.to_string())
            })
        });
    found
}

/// One mounted map.
struct App {
    canvas: HtmlCanvasElement,
    status: Element,
    atlas: Rc<Atlas>,
    scene: Scene,
    state: ViewState,
    style: MapStyle,
    lang: Lang,
}

impl App {
    fn redraw(&self) {
        if let Err(e) = canvas::draw(&self.canvas, &self.scene, &self.state, &self.style) {
            web_sys::console::error_1(&JsValue::from_str(&format!("shengtu: drawing failed: {e}")));
        }
        let _ = self.canvas.set_attribute("data-ready", "1");
    }

    /// Rebuilds the scene when the container's width or the pixel ratio changed.
    fn relayout(&mut self, container_css_width: f64) {
        let ratio = window().device_pixel_ratio();
        let layout = &self.scene.layout;
        let width = container_css_width
            .clamp(crate::layout::MIN_CSS_WIDTH, crate::layout::MAX_CSS_WIDTH)
            .floor();
        if (layout.css_width - width).abs() < 0.5 && (layout.device_pixel_ratio - ratio).abs() < 1e-9 {
            return;
        }
        self.scene = Scene::new(&self.atlas, container_css_width, ratio);
        canvas::size(&self.canvas, &self.scene.layout);
        self.redraw();
    }

    fn apply(&mut self, event: Event) {
        let before = self.state.selected;
        if self.state.update(event, &self.scene) {
            self.redraw();
            let cursor = if self.state.hovered.is_some() {
                "pointer"
            } else {
                "default"
            };
            let _ = self.canvas.style().set_property("cursor", cursor);
            if self.state.selected != before {
                self.announce_selection();
            }
        }
    }

    fn announce_selection(&self) {
        let selected = self.state.selected.and_then(|i| self.atlas.regions.get(i));
        match selected {
            Some(region) => {
                let _ = self.canvas.set_attribute("data-selected", &region.id);
                let name = region.name.get(self.lang);
                let text = if self.lang == Lang::En {
                    name.to_string()
                } else {
                    format!("{name} · {}", region.name.en)
                };
                self.status.set_text_content(Some(&text));
            }
            None => {
                let _ = self.canvas.remove_attribute("data-selected");
                self.status.set_text_content(Some(""));
            }
        }
    }

    /// A device point from client (viewport) coordinates.
    fn device_point_from_client(&self, client_x: f64, client_y: f64) -> Point {
        let rect = self.canvas.get_bounding_client_rect();
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
        let rect = app.canvas.get_bounding_client_rect();
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

    /// Selects a region by ISO id, adcode or name; `null` clears the
    /// selection. Returns whether the region was found.
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
}

/// Mounts a map into `container` (its contents are replaced).
///
/// # Errors
/// A DOM call failed, or the built-in geometry is corrupt.
pub fn mount(container: Element) -> Result<MapHandle, JsValue> {
    let document = document();
    let atlas = Rc::new(default_atlas().map_err(js_error)?);
    container.set_text_content(None);
    let _ = container.class_list().add_1("shengtu-map");

    let canvas: HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    canvas.set_class_name("shengtu-canvas");
    canvas.set_attribute("role", "img")?;
    canvas.set_attribute(
        "aria-label",
        "中国省级行政区地图 · Map of China's 34 provincial-level divisions, with a South China Sea inset",
    )?;
    let status = document.create_element("p")?;
    status.set_class_name("shengtu-status");
    status.set_attribute("aria-live", "polite")?;
    container.append_child(&canvas)?;
    container.append_child(&status)?;

    let width = container.get_bounding_client_rect().width();
    let scene = Scene::new(&atlas, width, window().device_pixel_ratio());
    canvas::size(&canvas, &scene.layout);
    let app = Rc::new(RefCell::new(App {
        canvas: canvas.clone(),
        status,
        atlas,
        scene,
        state: ViewState::default(),
        style: MapStyle::plain(Theme::LIGHT),
        lang: Lang::ZhHans,
    }));
    app.borrow().redraw();

    let listen = |name: &str, make: fn(&App, &PointerEvent) -> Event| -> Result<(), JsValue> {
        let app = Rc::clone(&app);
        let closure = Closure::<dyn FnMut(PointerEvent)>::new(move |e: PointerEvent| {
            let event = make(&app.borrow(), &e);
            app.borrow_mut().apply(event);
        });
        canvas.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())?;
        closure.forget(); // lives as long as the canvas
        Ok(())
    };
    listen("pointermove", |app, e| {
        Event::PointerMove(app.device_point_from_client(f64::from(e.client_x()), f64::from(e.client_y())))
    })?;
    listen("pointerleave", |_, _| Event::PointerLeave)?;
    listen("click", |app, e| {
        Event::Click(app.device_point_from_client(f64::from(e.client_x()), f64::from(e.client_y())))
    })?;

    // Follow the container's width (and the pixel ratio, which changes with
    // browser zoom and when a window moves between screens).
    let observed = container.clone();
    let resize_app = Rc::clone(&app);
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let width = observed.get_bounding_client_rect().width();
        resize_app.borrow_mut().relayout(width);
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref())?;
    observer.observe(&container);
    window().add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref())?;
    on_resize.forget();

    Ok(MapHandle { app })
}

/// Mounts a map into an element (for tests and host pages).
#[wasm_bindgen(js_name = mount)]
pub fn mount_js(element: HtmlElement) -> Result<MapHandle, JsValue> {
    mount(element.into())
}
