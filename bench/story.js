// Shared by the reference pages: the value of the current metric per region
// and a story panel that shows a region's headlines and figures on click.
export const METRIC = new URLSearchParams(location.search).get('metric') || 'cases_solved';

/** The page's inputs: geometry (`?geometry=-x2`…), dataset (`?data=`), names and values. */
export async function load() {
  const params = new URLSearchParams(location.search);
  const [geo, data] = await Promise.all([
    fetch(`china${params.get('geometry') || ''}.geo.json`).then((r) => r.json()),
    fetch(params.get('data') || 'data.json').then((r) => r.json()),
  ]);
  const names = Object.fromEntries(geo.features.map((f) => [f.id, f.properties.name]));
  return { geo, data, names, v: values(data) };
}
export function values(data) {
  const out = {};
  for (const r of data.regions) for (const s of r.stories) for (const f of s.figures) if (f.metric === METRIC && !(r.region in out)) out[r.region] = f.value;
  return out;
}
export function showStory(data, id, names) {
  const panel = document.getElementById('story');
  panel.textContent = '';
  const entry = data.regions.find((r) => r.region === id);
  const h = document.createElement('h2');
  h.textContent = names[id] || id;
  panel.append(h);
  for (const s of entry ? entry.stories : []) {
    const p = document.createElement('p');
    p.textContent = `${s.headline['zh-Hans']} — ${s.summary['zh-Hans']}`;
    panel.append(p);
  }
  panel.hidden = false;
}
