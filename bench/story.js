// Shared by the reference pages: the value of the current metric per region
// and a story panel that shows a region's headlines and figures on click.
export const METRIC = new URLSearchParams(location.search).get('metric') || 'cases_solved';
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
