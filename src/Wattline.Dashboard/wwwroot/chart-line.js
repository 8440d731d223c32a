// The line chart: bucket averages as lines over a shaded min/max band, live appends, hover read-out.

import {
    MINUTE, drawMessage, drawTimeAxis, drawYAxis, escapeHtml, formatInstant, formatValue, lowerBound, nearest, plotFrame, unitScale,
} from './chart-axes.js';

export function prepareLine(data) {
    const span = Math.max(1, data.to - data.from);
    return {
        from: data.from,
        to: data.to,
        span,
        live: data.live,
        bucketMs: data.bucketMs > 0 ? data.bucketMs : Math.max(1000, span / 800),
        series: data.series.map(s => ({
            metric: s.metric,
            label: s.label,
            ts: Array.from(s.ts),
            avg: Array.from(s.avg),
            min: Array.from(s.min),
            max: Array.from(s.max),
            count: Array.from(s.count),
        })),
    };
}

// Merges a reading into the newest bucket (or opens one) so a live chart never holds more points
// than the server sent for the same window, then slides the window to end at the reading.
export function appendReading(data, ts, values) {
    if (!data.live) {
        return false;
    }
    let changed = false;
    for (const s of data.series) {
        const value = values[s.metric];
        if (typeof value !== 'number' || !Number.isFinite(value)) {
            continue;
        }
        const last = s.ts.length - 1;
        if (last >= 0 && ts < s.ts[last]) {
            continue;
        }
        if (last >= 0 && ts - s.ts[last] < data.bucketMs) {
            const count = s.count[last];
            s.avg[last] = (s.avg[last] * count + value) / (count + 1);
            s.min[last] = Math.min(s.min[last], value);
            s.max[last] = Math.max(s.max[last], value);
            s.count[last] = count + 1;
        } else {
            s.ts.push(ts);
            s.avg.push(value);
            s.min.push(value);
            s.max.push(value);
            s.count.push(1);
        }
        changed = true;
    }
    if (ts > data.to) {
        data.to = ts;
        data.from = ts - data.span;
        for (const s of data.series) {
            const keep = lowerBound(s.ts, data.from - data.bucketMs);
            if (keep > 0) {
                for (const key of ['ts', 'avg', 'min', 'max', 'count']) {
                    s[key].splice(0, keep);
                }
            }
        }
        changed = true;
    }
    return changed;
}

export function drawLine(ctx, size, theme, pointer, model, options) {
    const data = model.data;
    if (!data) {
        drawMessage(ctx, size, theme, model.message || 'Loading…');
        return null;
    }

    let lo = Infinity;
    let hi = -Infinity;
    for (const s of data.series) {
        const start = lowerBound(s.ts, data.from - data.bucketMs);
        for (let i = start; i < s.ts.length && s.ts[i] <= data.to; i++) {
            lo = Math.min(lo, s.min[i]);
            hi = Math.max(hi, s.max[i]);
        }
    }
    if (!Number.isFinite(lo)) {
        drawMessage(ctx, size, theme, 'No readings in this period');
        return null;
    }
    if (options.zero) {
        lo = Math.min(lo, 0);
        hi = Math.max(hi, 0);
    } else {
        const pad = (hi - lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    if (hi - lo < 1e-9) {
        const pad = Math.abs(hi) * 0.05 || 1;
        lo -= options.zero && lo === 0 ? 0 : pad;
        hi += pad;
    }

    const scale = unitScale(options.unit, Math.max(Math.abs(lo), Math.abs(hi)));
    const { plot, y, yTicks } = plotFrame(ctx, size, lo, hi, scale);
    const x = t => plot.left + (t - data.from) / (data.to - data.from) * (plot.right - plot.left);

    drawYAxis(ctx, theme, plot, yTicks, scale.unit);
    drawTimeAxis(ctx, theme, plot, data.from, data.to, x, size.width);

    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top - 2, plot.right - plot.left, plot.bottom - plot.top + 4);
    ctx.clip();
    data.series.forEach((s, i) => drawBand(ctx, s, data, x, y, theme.series[i % 3]));
    data.series.forEach((s, i) => drawAvg(ctx, s, data, x, y, theme.series[i % 3]));
    ctx.restore();

    return hoverLine(ctx, theme, pointer, plot, data, x, y, scale, options);
}

function gapLimit(s, data) {
    const diffs = [];
    for (let i = 1; i < s.ts.length; i++) {
        diffs.push(s.ts[i] - s.ts[i - 1]);
    }
    diffs.sort((a, b) => a - b);
    const typical = diffs.length ? diffs[Math.floor(diffs.length / 2)] : data.bucketMs;
    return Math.max(3 * data.bucketMs, 4 * typical, 2 * MINUTE);
}

function segments(s, data) {
    const limit = gapLimit(s, data);
    const result = [];
    let start = lowerBound(s.ts, data.from - data.bucketMs);
    const end = s.ts.length;
    let begin = start;
    for (let i = start + 1; i <= end; i++) {
        if (i === end || s.ts[i] - s.ts[i - 1] > limit) {
            if (i > begin) {
                result.push([begin, i]);
            }
            begin = i;
        }
    }
    return result;
}

function drawBand(ctx, s, data, x, y, color) {
    ctx.fillStyle = color;
    ctx.globalAlpha = 0.16;
    for (const [begin, end] of segments(s, data)) {
        if (end - begin < 2) {
            continue;
        }
        ctx.beginPath();
        ctx.moveTo(x(s.ts[begin]), y(s.max[begin]));
        for (let i = begin + 1; i < end; i++) {
            ctx.lineTo(x(s.ts[i]), y(s.max[i]));
        }
        for (let i = end - 1; i >= begin; i--) {
            ctx.lineTo(x(s.ts[i]), y(s.min[i]));
        }
        ctx.closePath();
        ctx.fill();
    }
    ctx.globalAlpha = 1;
}

function drawAvg(ctx, s, data, x, y, color) {
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.75;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const [begin, end] of segments(s, data)) {
        if (end - begin === 1) {
            ctx.beginPath();
            ctx.arc(x(s.ts[begin]), y(s.avg[begin]), 2, 0, Math.PI * 2);
            ctx.fill();
            continue;
        }
        ctx.beginPath();
        ctx.moveTo(x(s.ts[begin]), y(s.avg[begin]));
        for (let i = begin + 1; i < end; i++) {
            ctx.lineTo(x(s.ts[i]), y(s.avg[i]));
        }
        ctx.stroke();
    }
}

function hoverLine(ctx, theme, pointer, plot, data, x, y, scale, options) {
    if (!pointer || pointer.x < plot.left || pointer.x > plot.right) {
        return null;
    }
    const t = data.from + (pointer.x - plot.left) / (plot.right - plot.left) * (data.to - data.from);
    const hits = [];
    data.series.forEach((s, i) => {
        const index = nearest(s.ts, t);
        if (index >= 0 && Math.abs(s.ts[index] - t) <= Math.max(data.bucketMs * 2, (data.to - data.from) / 40)) {
            hits.push({ s, index, color: theme.series[i % 3] });
        }
    });
    if (!hits.length) {
        return null;
    }
    const at = hits[0].s.ts[hits[0].index];
    const cx = x(at);
    ctx.strokeStyle = theme.cursor;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(cx) + 0.5, plot.top);
    ctx.lineTo(Math.round(cx) + 0.5, plot.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    for (const hit of hits) {
        ctx.beginPath();
        ctx.arc(x(hit.s.ts[hit.index]), y(hit.s.avg[hit.index]), 3.5, 0, Math.PI * 2);
        ctx.fillStyle = theme.surface;
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = hit.color;
        ctx.stroke();
    }

    const rows = hits.map(hit => {
        const avg = hit.s.avg[hit.index];
        const min = hit.s.min[hit.index];
        const max = hit.s.max[hit.index];
        const value = `${formatValue(avg / scale.factor)} ${escapeHtml(scale.unit)}`;
        const range = max - min > Math.abs(avg) * 1e-4
            ? `<span class="chart-tip__range">${formatValue(min / scale.factor)} – ${formatValue(max / scale.factor)}</span>`
            : '';
        return `<div class="chart-tip__row"><span class="chart-tip__swatch" style="background:${hit.color}"></span>`
            + `<span class="chart-tip__label">${escapeHtml(hit.s.label)}</span><strong>${value}</strong>${range}</div>`;
    }).join('');
    const time = formatInstant(at, data.bucketMs < MINUTE);
    return { x: cx, y: 8, html: `<div class="chart-tip__time">${time}</div>${rows}` };
}
