//! Downloads: the current view as a 2× PNG with title, legend, source and
//! credit (the same poster code as the command line, drawn on an offscreen
//! canvas), and the current metric as CSV.

use super::{document, App};
use crate::color_scale::Choropleth;
use crate::i18n::Ui;
use crate::labels::place_labels;
use crate::poster::{draw_poster, Poster, PosterLayout};
use crate::present;
use crate::render::MapStyle;
use crate::scene::Scene;
use crate::state::ViewState;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, HtmlCanvasElement};

fn download(href: &str, filename: &str) -> Result<(), JsValue> {
    let a: HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    a.set_href(href);
    a.set_download(filename);
    a.set_rel("noopener");
    a.click();
    Ok(())
}

impl App {
    /// The poster (title, map at 2×, legend, credit) as a PNG data URL.
    pub(super) fn poster_png(&self) -> Result<String, JsValue> {
        let ratio = 2.0;
        let scene = Scene::new(&self.atlas, self.scene.layout.css_width.max(640.0), ratio);
        let choropleth = Choropleth::new(&self.dataset, &self.view, self.atlas.regions.len());
        let font = 12.0;
        let requests = present::label_requests(&self.dataset, &self.atlas, self.state.selected, self.lang);
        let style = MapStyle {
            labels: place_labels(&scene, &requests, font),
            label_size: font * ratio,
            ..self.style.clone()
        };
        let legend = present::legend(&self.dataset, &self.atlas, &self.view, &choropleth, self.lang);
        let credit = format!("{} 省图 shengtu", Ui::Boundaries.text(self.lang));
        let poster = Poster {
            title: self.dataset.title.get(self.lang).to_string(),
            legend,
            credit,
        };
        let layout = PosterLayout::new(&scene, &poster);
        let canvas: HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
        canvas.set_width(layout.width);
        canvas.set_height(layout.height);
        let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2D context for the export")?;
        let root = backend.into_drawing_area();
        let state = ViewState {
            hovered: None,
            selected: self.state.selected,
            focused: None,
        };
        draw_poster(&root, &layout, &scene, &state, &style).map_err(|e| JsValue::from_str(&e.to_string()))?;
        root.present().map_err(|e| JsValue::from_str(&e.to_string()))?;
        canvas.to_data_url_with_type("image/png")
    }

    pub(super) fn download_png(&self) -> Result<(), JsValue> {
        let url = self.poster_png()?;
        download(&url, &format!("shengtu-{}-{}.png", self.view.key(), self.lang.tag()))
    }

    /// The current view as CSV text (UTF-8 with BOM, so spreadsheet programs
    /// read the Chinese correctly).
    pub(super) fn csv(&self) -> String {
        let escape = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut out = String::from("\u{feff}id,region,value,period,stories\n");
        for r in present::table_rows(&self.dataset, &self.atlas, &self.view, self.lang) {
            let cells = [r.id, r.name, r.value, r.period, r.stories.to_string()];
            out.push_str(&cells.iter().map(|c| escape(c)).collect::<Vec<_>>().join(","));
            out.push('\n');
        }
        out
    }

    pub(super) fn download_csv(&self) -> Result<(), JsValue> {
        let url = format!(
            "data:text/csv;charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(&self.csv()))
        );
        download(&url, &format!("shengtu-{}-{}.csv", self.view.key(), self.lang.tag()))
    }
}
