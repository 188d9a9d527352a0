// ECharts reference: canvas renderer, registerMap with the same geometry,
// visualMap over the same values, tooltip, click → story.
import { load, showStory } from './story.js';
const { geo, data, names, v } = await load();
echarts.registerMap('china', geo);
const chart = echarts.init(document.getElementById('map'), null, { renderer: 'canvas' });
chart.on('finished', () => { window.__painted ??= performance.now(); });
chart.on('click', (e) => showStory(data, geo.features.find((f) => f.properties.name === e.name).id, names));
chart.setOption({
  tooltip: { trigger: 'item' },
  visualMap: { type: 'piecewise', pieces: Object.values(v).map((x) => ({ value: x })), inRange: { color: ['#fdbe85', '#a63603'] } },
  series: [{
    type: 'map', map: 'china', roam: true, nameProperty: 'name',
    projection: { project: (p) => d3Like(p), unproject: (p) => p },
    data: geo.features.map((f) => ({ name: f.properties.name, value: v[f.id] ?? null })),
  }],
});
// The same Albers equal-area conic as shengtu (y flipped for the screen).
function d3Like([lon, lat]) {
  const rad = Math.PI / 180, s1 = Math.sin(25 * rad), s2 = Math.sin(47 * rad);
  const n = (s1 + s2) / 2, c = 1 + s1 * (2 * n - s1), r0 = Math.sqrt(c) / n;
  const r = Math.sqrt(c - 2 * n * Math.sin(lat * rad)) / n, t = n * (lon - 105) * rad;
  return [r * Math.sin(t), -(r0 - r * Math.cos(t))];
}
window.__pointFor = (id) => {
  const f = geo.features.find((x) => x.id === id);
  const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, f.properties.anchor);
  const r = chart.getDom().getBoundingClientRect();
  return { x: r.left + x, y: r.top + y };
};
window.__chart = chart;
