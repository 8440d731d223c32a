// The energy bar chart: one bar per hour or day, with the hovered bar's interval and energy.

import { drawMessage, drawTimeAxis, drawYAxis, formatInterval, formatValue, plotFrame } from './chart-axes.js';

export function drawBars(ctx, size, theme, pointer, model) {
    const data = model.data;
    if (!data) {
        drawMessage(ctx, size, theme, model.message || 'Loading…');
        return null;
    }
    const bars = data.bars;
    if (!bars.length) {
        drawMessage(ctx, size, theme, 'No energy recorded in this period');
        return null;
    }

    const from = Math.min(bars[0].start, data.from);
    const to = Math.max(bars[bars.length - 1].end, Math.min(data.to, bars[bars.length - 1].end));
    let lo = 0;
    let hi = 0;
    for (const bar of bars) {
        lo = Math.min(lo, bar.wh);
        hi = Math.max(hi, bar.wh);
    }
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
        hovered = bars.findIndex(bar => t >= bar.start && t < bar.end);
    }
    const zero = y(0);
    bars.forEach((bar, i) => {
        if (bar.wh === 0) {
            return;
        }
        const left = x(bar.start);
        const width = x(bar.end) - left;
        const gap = Math.min(3, width * 0.18);
        const top = y(bar.wh);
        ctx.fillStyle = i === hovered ? theme.barActive : theme.bar;
        roundedBar(ctx, left + gap, Math.min(top, zero), Math.max(1, width - gap * 2), Math.max(1, Math.abs(zero - top)), bar.wh >= 0);
    });

    if (hovered < 0) {
        return null;
    }
    const bar = bars[hovered];
    const value = `${formatValue(bar.wh / scale.factor)} ${scale.unit}`;
    return {
        x: x(bar.start) + (x(bar.end) - x(bar.start)) / 2,
        y: 8,
        html: `<div class="chart-tip__time">${formatInterval(bar, data.interval)}</div>`
            + `<div class="chart-tip__row"><strong>${value}</strong></div>`,
    };
}

function roundedBar(ctx, left, top, width, height, up) {
    const r = Math.min(3, width / 2, height);
    ctx.beginPath();
    if (up) {
        ctx.moveTo(left, top + height);
        ctx.lineTo(left, top + r);
        ctx.quadraticCurveTo(left, top, left + r, top);
        ctx.lineTo(left + width - r, top);
        ctx.quadraticCurveTo(left + width, top, left + width, top + r);
        ctx.lineTo(left + width, top + height);
    } else {
        ctx.rect(left, top, width, height);
    }
    ctx.closePath();
    ctx.fill();
}
