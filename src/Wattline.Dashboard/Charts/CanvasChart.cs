using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace Wattline.Dashboard.Charts;

/// <summary>
/// A canvas drawn by <c>charts.js</c>: creates the JavaScript chart on first use, forwards calls to it,
/// and releases it (and the module) on disposal. Calls after the circuit is gone are ignored.
/// </summary>
public abstract class CanvasChart : ComponentBase, IAsyncDisposable
{
    private Task<IJSObjectReference?>? _creating;
    private IJSObjectReference? _module;
    private DotNetObjectReference<CanvasChart>? _self;
    private bool _disposed;

    /// <summary>Raised (debounced in the browser) when the canvas width changes enough to need fresh data.</summary>
    [Parameter] public EventCallback<CanvasChart> WidthChanged { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = null!;

    [Inject] private ILogger<CanvasChart> Logger { get; set; } = null!;

    protected ElementReference CanvasElement { get; set; }

    protected ElementReference TipElement { get; set; }

    /// <summary>The factory exported by charts.js, e.g. <c>createLineChart</c>.</summary>
    protected abstract string Factory { get; }

    protected abstract object Options { get; }

    /// <summary>The canvas width in CSS pixels, or 0 when unknown.</summary>
    public async Task<int> MeasureWidthAsync()
    {
        var chart = await EnsureCreatedAsync();
        if (chart is null)
        {
            return 0;
        }

        try
        {
            return await chart.InvokeAsync<int>("width");
        }
        catch (JSDisconnectedException)
        {
            return 0;
        }
        catch (JSException ex)
        {
            Logger.LogWarning(ex, "Measuring a chart failed in the browser");
            return 0;
        }
    }

    [JSInvokable]
    public Task OnWidthChanged(int width) => _disposed ? Task.CompletedTask : WidthChanged.InvokeAsync(this);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        GC.SuppressFinalize(this);
        try
        {
            var chart = _creating is null ? null : await _creating;
            if (chart is not null)
            {
                await chart.InvokeVoidAsync("dispose");
                await chart.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException)
        {
        }
        finally
        {
            _self?.Dispose();
        }
    }

    protected async Task CallAsync(string method, params object?[] args)
    {
        var chart = await EnsureCreatedAsync();
        if (chart is null || _disposed)
        {
            return;
        }

        try
        {
            await chart.InvokeVoidAsync(method, args);
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException ex)
        {
            Logger.LogWarning(ex, "Chart call {Method} failed in the browser", method);
        }
    }

    private Task<IJSObjectReference?> EnsureCreatedAsync()
    {
        if (_disposed)
        {
            return Task.FromResult<IJSObjectReference?>(null);
        }

        return _creating ??= CreateAsync();
    }

    private async Task<IJSObjectReference?> CreateAsync()
    {
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ChartsScript.Path);
            _self = DotNetObjectReference.Create(this);
            return await _module.InvokeAsync<IJSObjectReference>(Factory, CanvasElement, TipElement, Options, _self);
        }
        catch (JSDisconnectedException)
        {
            return null;
        }
        catch (JSException ex)
        {
            Logger.LogWarning(ex, "Creating a chart failed in the browser");
            return null;
        }
    }
}
