// A canvas sized to its CSS box at device-pixel resolution, repainted at most once per animation frame,
// following size changes (ResizeObserver), the pointer and the colour scheme.

const FALLBACK_SERIES = ['#2563eb', '#ea580c', '#16a34a'];
const RESIZE_RELOAD_RATIO = 0.2;
const RESIZE_DEBOUNCE_MS = 400;

export class Surface {
    constructor(canvas, tip, paint, dotnet, model) {
        this.canvas = canvas;
        this.tip = tip;
        this.paintFn = paint;
        this.dotnet = dotnet;
        this.model = model;
        this.ctx = canvas.getContext('2d');
        this.frame = 0;
        this.pointer = null;
        this.disposed = false;
        this.resizeTimer = 0;

        this.observer = new ResizeObserver(() => {
            this.request();
            this.watchWidth();
        });
        this.observer.observe(canvas);

        this.onPointer = e => {
            const rect = canvas.getBoundingClientRect();
            this.pointer = { x: e.clientX - rect.left, y: e.clientY - rect.top };
            this.request();
        };
        this.onLeave = () => {
            this.pointer = null;
            this.request();
        };
        canvas.addEventListener('pointermove', this.onPointer);
        canvas.addEventListener('pointerdown', this.onPointer);
        canvas.addEventListener('pointerleave', this.onLeave);
        canvas.addEventListener('pointercancel', this.onLeave);

        this.scheme = window.matchMedia('(prefers-color-scheme: dark)');
        this.onScheme = () => this.request();
        this.scheme.addEventListener('change', this.onScheme);
        this.request();
    }

    measureWidth() {
        return Math.round(this.canvas.getBoundingClientRect().width) || 0;
    }

    request() {
        if (this.frame || this.disposed) {
            return;
        }
        this.frame = requestAnimationFrame(() => {
            this.frame = 0;
            this.paint();
        });
    }

    paint() {
        const rect = this.canvas.getBoundingClientRect();
        const width = Math.max(1, Math.round(rect.width));
        const height = Math.max(1, Math.round(rect.height));
        const ratio = window.devicePixelRatio || 1;
        const backingWidth = Math.round(width * ratio);
        const backingHeight = Math.round(height * ratio);
        if (this.canvas.width !== backingWidth || this.canvas.height !== backingHeight) {
            this.canvas.width = backingWidth;
            this.canvas.height = backingHeight;
        }
        const ctx = this.ctx;
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.clearRect(0, 0, width, height);
        const theme = readTheme(this.canvas);
        ctx.font = theme.font;
        ctx.textBaseline = 'middle';
        const tipContent = this.paintFn(ctx, { width, height }, theme, this.pointer);
        this.showTip(tipContent, width);
    }

    showTip(content, width) {
        if (!content) {
            this.tip.classList.remove('is-visible');
            return;
        }
        this.tip.innerHTML = content.html;
        this.tip.classList.add('is-visible');
        const tipWidth = this.tip.offsetWidth;
        let left = content.x + 14;
        if (left + tipWidth > width) {
            left = content.x - 14 - tipWidth;
        }
        left = Math.max(0, left);
        this.tip.style.transform = `translate(${Math.round(left)}px, ${Math.round(content.y ?? 8)}px)`;
    }

    // Asks .NET for data at the new resolution once the width settles far from the loaded one.
    watchWidth() {
        if (!this.dotnet) {
            return;
        }
        clearTimeout(this.resizeTimer);
        this.resizeTimer = setTimeout(() => {
            const width = this.measureWidth();
            const loaded = this.model.loadedWidth;
            if (this.disposed || !loaded || !width || Math.abs(width - loaded) / loaded < RESIZE_RELOAD_RATIO) {
                return;
            }
            this.model.loadedWidth = width;
            this.dotnet.invokeMethodAsync('OnWidthChanged', width).catch(() => { });
        }, RESIZE_DEBOUNCE_MS);
    }

    dispose() {
        this.disposed = true;
        cancelAnimationFrame(this.frame);
        clearTimeout(this.resizeTimer);
        this.observer.disconnect();
        this.canvas.removeEventListener('pointermove', this.onPointer);
        this.canvas.removeEventListener('pointerdown', this.onPointer);
        this.canvas.removeEventListener('pointerleave', this.onLeave);
        this.canvas.removeEventListener('pointercancel', this.onLeave);
        this.scheme.removeEventListener('change', this.onScheme);
        this.dotnet = null;
    }
}

function readTheme(element) {
    const style = getComputedStyle(element);
    const value = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return {
        text: value('--chart-text', '#64748b'),
        grid: value('--chart-grid', '#e8edf3'),
        axis: value('--chart-axis', '#cbd5e1'),
        cursor: value('--chart-cursor', '#94a3b8'),
        surface: value('--surface', '#ffffff'),
        bar: value('--chart-bar', '#2563eb'),
        barActive: value('--chart-bar-active', '#1e40af'),
        series: [1, 2, 3].map(i => value(`--series-${i}`, FALLBACK_SERIES[i - 1])),
        font: `12px ${style.fontFamily || 'system-ui, sans-serif'}`,
    };
}
