//! Small DOM helpers. Text from data only ever goes through `textContent`
//! (never `innerHTML`), so no string in a dataset can become markup.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element};

/// Creates `<tag class="class">`.
pub fn element(document: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = document.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// Creates `<tag class="class">text</tag>` and appends it to `parent`.
pub fn append_text(
    document: &Document,
    parent: &Element,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let e = element(document, tag, class)?;
    e.set_text_content(Some(text));
    parent.append_child(&e)?;
    Ok(e)
}

/// Removes all children.
pub fn clear(e: &Element) {
    e.set_text_content(None);
}
