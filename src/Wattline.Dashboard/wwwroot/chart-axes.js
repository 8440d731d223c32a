// Axes, ticks and number/time formatting shared by the dashboard's charts. Times use the browser's zone.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const TIME_STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
    HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, 8 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];

// Lays out a plot for values between lo and hi: nice y ticks, room for their labels, and the value-to-y map.
export function plotFrame(ctx, size, lo, hi, scale) {
    const ticks = niceTicks(lo, hi, Math.max(2, Math.floor((size.height - 40) / 44)));
    const labels = ticks.values.map(v => formatNumber(v / scale.factor, decimalsForStep(ticks.step / scale.factor)));
    const labelWidth = Math.max(ctx.measureText(scale.unit).width, ...labels.map(l => ctx.measureText(l).width));
    const plot = { left: Math.ceil(labelWidth) + 14, right: size.width - 12, top: 22, bottom: size.height - 24 };
    const y = v => plot.bottom - (v - ticks.lo) / (ticks.hi - ticks.lo) * (plot.bottom - plot.top);
    return { plot, y, yTicks: ticks.values.map((v, i) => ({ y: y(v), label: labels[i] })) };
}

export function drawMessage(ctx, size, theme, text) {
    ctx.fillStyle = theme.text;
    ctx.textAlign = 'center';
    ctx.fillText(text, size.width / 2, size.height / 2);
}

export function drawYAxis(ctx, theme, plot, ticks, unit) {
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    for (const tick of ticks) {
        const py = Math.round(tick.y) + 0.5;
        ctx.strokeStyle = theme.grid;
        ctx.beginPath();
        ctx.moveTo(plot.left, py);
        ctx.lineTo(plot.right, py);
        ctx.stroke();
        ctx.fillStyle = theme.text;
        ctx.fillText(tick.label, plot.left - 8, tick.y);
    }
    ctx.textAlign = 'left';
    ctx.fillText(unit, 0, 8);
}

export function drawTimeAxis(ctx, theme, plot, from, to, x, width) {
    const { ticks, step } = timeTicks(from, to, plot.right - plot.left);
    ctx.strokeStyle = theme.axis;
    ctx.beginPath();
    ctx.moveTo(plot.left, Math.round(plot.bottom) + 0.5);
    ctx.lineTo(plot.right, Math.round(plot.bottom) + 0.5);
    ctx.stroke();
    ctx.fillStyle = theme.text;
    ctx.textAlign = 'center';
    let lastRight = -Infinity;
    for (const t of ticks) {
        const px = x(t);
        const label = formatTick(t, step);
        const half = ctx.measureText(label).width / 2;
        if (px - half < lastRight + 6 || px + half > width || px - half < 0) {
            continue;
        }
        ctx.beginPath();
        ctx.moveTo(Math.round(px) + 0.5, plot.bottom);
        ctx.lineTo(Math.round(px) + 0.5, plot.bottom + 4);
        ctx.stroke();
        ctx.fillText(label, px, plot.bottom + 14);
        lastRight = px + half;
    }
}

function timeTicks(from, to, width) {
    const maxTicks = Math.max(2, Math.floor(width / 72));
    const step = TIME_STEPS.find(s => (to - from) / s <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1];
    const d = new Date(from);
    if (step < HOUR) {
        d.setSeconds(0, 0);
        const minutes = step / MINUTE;
        d.setMinutes(Math.ceil(d.getMinutes() / minutes) * minutes);
    } else if (step < DAY) {
        d.setMinutes(0, 0, 0);
        const hours = step / HOUR;
        d.setHours(Math.ceil(d.getHours() / hours) * hours);
    } else {
        d.setHours(0, 0, 0, 0);
    }
    const advance = () => {
        if (step < DAY) {
            d.setTime(d.getTime() + step);
        } else {
            d.setDate(d.getDate() + step / DAY);
        }
    };
    while (d.getTime() < from) {
        advance();
    }
    const ticks = [];
    while (d.getTime() <= to && ticks.length < 200) {
        ticks.push(d.getTime());
        advance();
    }
    return { ticks, step };
}

const formats = new Map();
function format(key, options) {
    let formatter = formats.get(key);
    if (!formatter) {
        formatter = new Intl.DateTimeFormat(undefined, options);
        formats.set(key, formatter);
    }
    return formatter;
}

function formatTick(t, step) {
    const d = new Date(t);
    const midnight = d.getHours() === 0 && d.getMinutes() === 0;
    if (step >= DAY || midnight) {
        return format('day', { month: 'short', day: 'numeric' }).format(d);
    }
    return format('time', { hour: 'numeric', minute: '2-digit' }).format(d);
}

export function formatInstant(t, seconds) {
    const options = { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
    if (seconds) {
        options.second = '2-digit';
    }
    return format(seconds ? 'instant-s' : 'instant', options).format(new Date(t));
}

export function formatInterval(bar, interval) {
    const start = new Date(bar.start);
    if (interval === 'day') {
        return format('date', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' }).format(start);
    }
    if (interval === 'week') {
        const last = new Date(bar.end - 1);
        const date = format('date-week', { month: 'short', day: 'numeric' });
        return `${date.format(start)} – ${date.format(last)}, ${start.getFullYear()}`;
    }
    if (interval === 'month') {
        // The middle of the bar: a month's first instant in the home's zone may be the last evening of the month before here.
        return format('month', { month: 'long', year: 'numeric' }).format(new Date((bar.start + bar.end) / 2));
    }
    if (interval === 'year') {
        return String(new Date((bar.start + bar.end) / 2).getFullYear());
    }
    const day = format('date-short', { weekday: 'short', month: 'short', day: 'numeric' }).format(start);
    const time = format('time', { hour: 'numeric', minute: '2-digit' });
    return `${day}, ${time.format(start)} – ${time.format(new Date(bar.end))}`;
}

const numbers = new Map();
function formatNumber(value, decimals) {
    let formatter = numbers.get(decimals);
    if (!formatter) {
        formatter = new Intl.NumberFormat(undefined, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
        numbers.set(decimals, formatter);
    }
    const text = formatter.format(value);
    return /^-[0.,\s]*$/.test(text) ? text.slice(1) : text;
}

export function formatValue(value) {
    const magnitude = Math.abs(value);
    return formatNumber(value, magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2);
}

function decimalsForStep(step) {
    return Math.min(3, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

export function unitScale(unit, magnitude) {
    if ((unit === 'W' || unit === 'var' || unit === 'VA' || unit === 'Wh') && magnitude >= 10_000) {
        return { factor: 1000, unit: 'k' + unit };
    }
    return { factor: 1, unit };
}

function niceTicks(lo, hi, count) {
    const raw = (hi - lo) / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const fraction = raw / power;
    const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * power;
    const start = Math.floor(lo / step + 1e-9) * step;
    const end = Math.ceil(hi / step - 1e-9) * step;
    const values = [];
    for (let v = start; v <= end + step / 2; v += step) {
        values.push(Math.abs(v) < step * 1e-6 ? 0 : v);
    }
    return { lo: start, hi: end, step, values };
}

export function lowerBound(values, target) {
    let low = 0;
    let high = values.length;
    while (low < high) {
        const mid = (low + high) >>> 1;
        if (values[mid] < target) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    return low;
}

export function nearest(values, target) {
    if (!values.length) {
        return -1;
    }
    const index = lowerBound(values, target);
    if (index === 0) {
        return 0;
    }
    if (index === values.length) {
        return values.length - 1;
    }
    return target - values[index - 1] <= values[index] - target ? index - 1 : index;
}

export function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]);
}
