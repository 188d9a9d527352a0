//! Browser smoke test (wasm-bindgen-test in headless Chromium): mount the map
//! into a fresh element, check the canvas is drawn at the device pixel ratio,
//! and click a province through a real DOM event.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, MouseEvent, MouseEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn container(width: u32) -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    div.style().set_property("width", &format!("{width}px")).unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

#[wasm_bindgen_test]
fn mounting_draws_the_map_and_a_click_selects_a_province() {
    let div = container(640);
    let handle = shengtu::web::mount(div.clone().into()).expect("mount succeeds");
    assert_eq!(handle.regions().len(), 34);

    let canvas: HtmlCanvasElement = div
        .query_selector("canvas")
        .unwrap()
        .expect("a canvas")
        .dyn_into()
        .unwrap();
    assert_eq!(canvas.get_attribute("data-ready").as_deref(), Some("1"));
    let ratio = web_sys::window().unwrap().device_pixel_ratio();
    assert_eq!(canvas.width(), (640.0 * ratio).round() as u32);

    // Something other than background was painted at Sichuan's anchor.
    let anchor = handle.anchor_of("CN-SC");
    let x = js_sys::Reflect::get(&anchor, &"x".into()).unwrap().as_f64().unwrap();
    let y = js_sys::Reflect::get(&anchor, &"y".into()).unwrap().as_f64().unwrap();
    let rect = canvas.get_bounding_client_rect();
    let context: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let device = |v: f64, origin: f64| ((v - origin) * ratio).round();
    let data = context
        .get_image_data(device(x, rect.left()), device(y, rect.top()), 1.0, 1.0)
        .unwrap()
        .data();
    assert_ne!(&data[..3], &[255, 255, 255], "Sichuan's anchor is unpainted");

    let init = MouseEventInit::new();
    init.set_client_x(x.round() as i32);
    init.set_client_y(y.round() as i32);
    init.set_bubbles(true);
    let click = MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    canvas.dispatch_event(&click).unwrap();
    assert_eq!(handle.selected().as_string().as_deref(), Some("CN-SC"));
    assert_eq!(canvas.get_attribute("data-selected").as_deref(), Some("CN-SC"));

    assert!(handle.select(Some("内蒙古自治区".into())), "names select too");
    assert_eq!(handle.selected().as_string().as_deref(), Some("CN-NM"));
    handle.select(None);
    assert!(handle.selected().is_null());
    div.remove();
}
