// D3 reference: d3-geo conic equal-area (25°N/47°N, 105°E), SVG paths,
// hover highlight and tooltip, click → story.
import { load, showStory } from './story.js';
const { geo, data, names, v } = await load();
const svg = d3.select('#map');
const { width, height } = svg.node().getBoundingClientRect();
const projection = d3.geoConicEqualArea().parallels([25, 47]).rotate([-105, 0]).fitSize([width, height], geo);
const path = d3.geoPath(projection);
const color = d3.scaleQuantize().domain(d3.extent(Object.values(v))).range(['#fdbe85', '#fd8d3c', '#a63603']);
const tip = document.getElementById('tip');
svg.selectAll('path').data(geo.features).join('path')
  .attr('d', path).attr('data-id', (d) => d.id)
  .attr('fill', (d) => (d.id in v ? color(v[d.id]) : '#e4e1da'))
  .on('mouseover', function (e, d) { this.classList.add('hover'); tip.hidden = false; tip.textContent = `${names[d.id]} ${v[d.id] ?? ''}`; tip.style.left = `${e.clientX + 12}px`; tip.style.top = `${e.clientY + 12}px`; })
  .on('mouseout', function () { this.classList.remove('hover'); tip.hidden = true; })
  .on('click', (e, d) => showStory(data, d.id, names));
requestAnimationFrame(() => { window.__painted ??= performance.now(); });
window.__pointFor = (id) => { const f = geo.features.find((x) => x.id === id); const [x, y] = projection(f.properties.anchor); const r = svg.node().getBoundingClientRect(); return { x: r.left + x, y: r.top + y }; };
