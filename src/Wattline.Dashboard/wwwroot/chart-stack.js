// The stacked energy chart: per interval, one bar per home split by device (consumers upwards, production and
// export as a negative bar), with the hovered interval's parts in the tip. A click on a bar zooms into it.

import { drawMessage, drawTimeAxis, drawYAxis, escapeHtml, formatInterval, formatValue, plotFrame } from './chart-axes.js';

const PALETTE = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d', '#dc2626'];

export function colourOf(index) {
    return PALETTE[index % PALETTE.length];
}

export function drawStack(ctx, size, theme, pointer, model) {
    const data = model.data;
    if (!data) {
        drawMessage(ctx, size, theme, model.message || 'Loading…');
        return null;
    }
    const buckets = data.buckets;
    if (!buckets.length || data.series.every(s => s.values.every(v => !v))) {
        drawMessage(ctx, size, theme, 'No energy recorded in this period');
        model.hit = null;
        return null;
    }

    const from = buckets[0].start;
    const to = buckets[buckets.length - 1].end;
    let lo = 0;
    let hi = 0;
    buckets.forEach((_, i) => {
        let up = 0;
        let down = 0;
        for (const s of data.series) {
            const v = s.values[i] || 0;
            if (v >= 0) {
                up += v;
            } else {
                down += v;
            }
        }
        hi = Math.max(hi, up);
        lo = Math.min(lo, down);
    });
    if (hi - lo < 1e-9) {
        hi = 1;
    }
    const kilo = Math.max(Math.abs(lo), Math.abs(hi)) >= 1000;
    const scale = kilo ? { factor: 1000, unit: 'kWh' } : { factor: 1, unit: 'Wh' };
    const { plot, y, yTicks } = plotFrame(ctx, size, lo, hi, scale);
    const x = t => plot.left + (t - from) / (to - from) * (plot.right - plot.left);

    drawYAxis(ctx, theme, plot, yTicks, scale.unit);
    drawTimeAxis(ctx, theme, plot, from, to, x, size.width);

    let hovered = -1;
    if (pointer && pointer.x >= plot.left && pointer.x <= plot.right) {
        const t = from + (pointer.x - plot.left) / (plot.right - plot.left) * (to - from);
        hovered = buckets.findIndex(b => t >= b.start && t < b.end);
    }
    model.hit = t => buckets.findIndex(b => t >= b.start && t < b.end);
    model.toTime = px => from + (px - plot.left) / (plot.right - plot.left) * (to - from);

    const zero = y(0);
    buckets.forEach((bucket, i) => {
        const left = x(bucket.start);
        const width = x(bucket.end) - left;
        const gap = Math.min(3, width * 0.18);
        let up = 0;
        let down = 0;
        ctx.globalAlpha = hovered < 0 || hovered === i ? 1 : 0.55;
        data.series.forEach((s, k) => {
            const v = s.values[i] || 0;
            if (!v) {
                return;
            }
            const base = v >= 0 ? up : down;
            const top = y(base + v);
            const bottom = y(base);
            ctx.fillStyle = s.colour || colourOf(k);
            ctx.fillRect(left + gap, Math.min(top, bottom), Math.max(1, width - gap * 2), Math.max(1, Math.abs(bottom - top)));
            if (v >= 0) {
                up += v;
            } else {
                down += v;
            }
        });
        ctx.globalAlpha = 1;
    });
    ctx.strokeStyle = theme.axis;
    ctx.beginPath();
    ctx.moveTo(plot.left, zero);
    ctx.lineTo(plot.right, zero);
    ctx.stroke();

    if (hovered < 0) {
        return null;
    }
    const bucket = buckets[hovered];
    const rows = data.series
        .map((s, k) => ({ name: s.name, colour: s.colour || colourOf(k), v: s.values[hovered] || 0 }))
        .filter(r => r.v !== 0)
        .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
        .map(r => `<div class="chart-tip__row"><span class="chart-tip__swatch" style="background:${r.colour}"></span>`
            + `${escapeHtml(r.name)} <strong>${formatValue(r.v / scale.factor)} ${scale.unit}</strong></div>`)
        .join('');
    return {
        x: x(bucket.start) + (x(bucket.end) - x(bucket.start)) / 2,
        y: 8,
        html: `<div class="chart-tip__time">${formatInterval(bucket, data.interval)}</div>${rows}`
            + (data.canZoom ? '<div class="chart-tip__hint">Click to zoom in</div>' : ''),
    };
}
