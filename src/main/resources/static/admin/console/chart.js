// Stock over the last minutes as an inline SVG: one polyline per series over the last points kept
// client-side (one a second), scaled to the sale's total. No library: three lines and a scale are all it takes.
const SERIES = ['available', 'held', 'sold'];
const NS = 'http://www.w3.org/2000/svg';

export function stockChart(svg, keep = 300) {
  const points = [];
  const lines = Object.fromEntries(SERIES.map(name => {
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute('class', `line ${name}`);
    line.setAttribute('fill', 'none');
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(line);
    return [name, line];
  }));

  return {
    reset() {
      points.length = 0;
      SERIES.forEach(name => lines[name].setAttribute('points', ''));
    },
    /** Adds one tick ({available, held, sold, total}); returns how many are shown. */
    add(view) {
      points.push(view);
      if (points.length > keep) points.shift();
      const [width, height] = [600, 160];
      const top = Math.max(1, ...points.map(p => p.total));
      // the first minute fills from the right at a fixed scale, then the window keeps sliding to `keep` points
      const span = Math.max(Math.min(keep, 60), points.length);
      const step = width / (span - 1);
      const x0 = width - step * (points.length - 1);
      SERIES.forEach(name => lines[name].setAttribute('points', points
        .map((p, i) => `${(x0 + i * step).toFixed(1)},${(height - (p[name] / top) * (height - 4) - 2).toFixed(1)}`)
        .join(' ')));
      return points.length;
    },
  };
}
