using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using Wattline.Contracts;
using Wattline.Dashboard;
using Wattline.Server.Accounts;
using Wattline.Server.Alerts;
using Wattline.Server.Audit;
using Wattline.Server.Automation;
using Wattline.Server.Broker;
using Wattline.Server.Commands;
using Wattline.Server.Demo;
using Wattline.Server.Devices;
using Wattline.Server.Energy;
using Wattline.Server.Gateways;
using Wattline.Server.Homes;
using Wattline.Server.Live;
using Wattline.Server.Notifications;

namespace Wattline.Server.Hosting;

/// <summary>Builds the whole server; <c>Program</c> runs it and tests start it on free ports.</summary>
public static class WattlineApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // "--demo" is the short form of --Wattline:Demo=true.
            Args = args.Select(a => a == "--demo" ? "--Wattline:Demo=true" : a).ToArray(),
            ApplicationName = typeof(WattlineApp).Assembly.GetName().Name,
            // appsettings.json sits beside the program, wherever it is started from; DataPath stays relative to the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        // Static assets of the dashboard library are served from the build output too, not only after publish.
        builder.WebHost.UseStaticWebAssets();
        builder.AddWattlineListeners();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WattlineJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddOpenApi(options => options.AddWattlineSecurity().AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Wattline API";
            document.Info.Description = "Devices, readings and energy of a Wattline server, limited to the caller's homes. "
                + "Sign in with POST /api/v1/auth/token or use a personal API key. Device uploads: see docs/protocol.md.";
            return Task.CompletedTask;
        }));
        builder.Services.AddWattlineStorage();
        builder.Services.AddWattlineAccounts();
        builder.Services.AddWattlineRateLimits();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<HomeService>();
        builder.Services.AddSingleton<HomeStorage>();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RetentionService>());
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddWattlineDevices();
        builder.Services.AddWattlineGateways();
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddWattlineBroker();
        builder.Services.AddWattlineCommands();
        builder.Services.AddWattlineAutomation();
        builder.Services.AddWattlineAlerts();
        builder.Services.AddWattlineEnergy();
        builder.Services.AddWattlineNotifications();
        builder.Services.AddWattlineDemo();
        builder.Services.AddScoped<DashboardSession>();
        builder.Services.AddScoped<IDashboardData, DashboardDataSource>();
        builder.Services.AddScoped<IDeviceManagement, DeviceManagement>();
        builder.Services.AddScoped<IDeviceControl, DashboardDeviceControl>();
        builder.Services.AddScoped<DashboardMember>();
        builder.Services.AddScoped<IAutomation, DashboardAutomation>();
        builder.Services.AddScoped<IAlerts, DashboardAlerts>();
        builder.Services.AddScoped<IEnergyPages, DashboardEnergy>();
        builder.Services.AddScoped<IAccountPages, DashboardAccountPages>();
        builder.Services.AddScoped<IAccountSettings, DashboardAccountSettings>();
        builder.Services.AddScoped<IHomeManagement, DashboardHomes>();
        builder.Services.AddScoped<IDeviceClaims, DashboardDeviceClaims>();
        builder.Services.AddScoped<IUserAdministration, DashboardUserAdministration>();
        builder.Services.AddDashboardSessions();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Every response already says X-Frame-Options: DENY (SecurityHeaders); a second, weaker value would contradict it.
        builder.Services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
        builder.Services.AddHostedService<StartupBanner>();

        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((forwarded, configuration) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
            foreach (var proxy in proxies.TrustedProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseWattlineSecurityHeaders();
        // HSTS only ever goes out on HTTPS responses (behind a TLS-terminating proxy, see docs/operations.md).
        app.UseHsts();
        // API errors are problem documents; any other unknown address gets the dashboard's not-found page.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"),
            api => api.UseStatusCodePages());
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/openapi"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        // Public on purpose: the dashboard's files, health, and the description of the API (not its data).
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api").AllowAnonymous();
        app.MapAccountsApi();
        app.MapAdminApi();
        app.MapHomesApi();
        app.MapHomeStorageApi();
        app.MapWattlineDevices();
        app.MapWattlineGateways();
        app.MapWattlineCommands();
        app.MapAutomationApi();
        app.MapAlertsApi();
        app.MapWattlineEnergy();
        app.MapWattlineNotifications();
        app.MapLiveApi();
        app.MapWattlineBroker();
        // The security headers already forbid every framing; Blazor's own, weaker frame-ancestors header is left out.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
