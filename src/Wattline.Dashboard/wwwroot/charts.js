// Canvas charts of the Wattline dashboard: a line chart with a min/max band and an energy bar chart.
// Drawing happens in requestAnimationFrame, sizes follow a ResizeObserver, times use the browser's zone.

import { drawBars } from './chart-bars.js';
import { drawStack } from './chart-stack.js';
import { appendReading, drawLine, prepareLine } from './chart-line.js';
import { Surface } from './chart-surface.js';

export function timeZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    } catch {
        return '';
    }
}

export function utcOffsetMinutes() {
    return -new Date().getTimezoneOffset();
}

export function createLineChart(canvas, tip, options, dotnet) {
    const model = { data: null, message: 'Loading…', loadedWidth: 0 };
    const surface = new Surface(canvas, tip, (ctx, size, theme, pointer) => drawLine(ctx, size, theme, pointer, model, options), dotnet, model);
    return {
        width: () => surface.measureWidth(),
        setData(data) {
            model.data = prepareLine(data);
            model.message = null;
            model.loadedWidth = surface.measureWidth();
            surface.request();
        },
        setMessage(text) {
            model.data = null;
            model.message = text;
            surface.request();
        },
        append(ts, values) {
            if (model.data && appendReading(model.data, ts, values)) {
                surface.request();
            }
        },
        dispose: () => surface.dispose(),
    };
}

export function createBarChart(canvas, tip, options, dotnet) {
    const model = { data: null, message: 'Loading…', loadedWidth: 0 };
    const surface = new Surface(canvas, tip, (ctx, size, theme, pointer) => drawBars(ctx, size, theme, pointer, model), null, model);
    return {
        width: () => surface.measureWidth(),
        setData(data) {
            model.data = data;
            model.message = null;
            surface.request();
        },
        setMessage(text) {
            model.data = null;
            model.message = text;
            surface.request();
        },
        dispose: () => surface.dispose(),
    };
}

// A canvas sized to its CSS box at device-pixel resolution, repainted at most once per frame.

// Stacked energy bars; a click on a bar asks .NET to zoom into its interval (BarClicked(start, end)).
export function createStackChart(canvas, tip, options, dotnet) {
    const model = { data: null, message: 'Loading…', loadedWidth: 0, hit: null, toTime: null };
    const surface = new Surface(canvas, tip, (ctx, size, theme, pointer) => drawStack(ctx, size, theme, pointer, model), null, model);
    const onClick = e => {
        if (!model.data || !model.data.canZoom || !model.hit || !dotnet) {
            return;
        }
        const rect = canvas.getBoundingClientRect();
        const index = model.hit(model.toTime(e.clientX - rect.left));
        if (index >= 0) {
            const bucket = model.data.buckets[index];
            dotnet.invokeMethodAsync('BarClicked', bucket.start, bucket.end).catch(() => { });
        }
    };
    canvas.addEventListener('click', onClick);
    return {
        width: () => surface.measureWidth(),
        setData(data) {
            model.data = data;
            model.message = null;
            surface.request();
        },
        setMessage(text) {
            model.data = null;
            model.message = text;
            surface.request();
        },
        dispose: () => {
            canvas.removeEventListener('click', onClick);
            surface.dispose();
        },
    };
}
