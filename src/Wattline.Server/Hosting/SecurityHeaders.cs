namespace Wattline.Server.Hosting;

/// <summary>
/// Headers that keep browsers from framing, sniffing or loading foreign code into Wattline's pages.
/// The dashboard runs only its own scripts; the API reference page needs inline script for its configuration.
/// </summary>
public static class SecurityHeaders
{
    private const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseWattlineSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers.ContentSecurityPolicy = IsApiReference(context.Request.Path) ? ApiReferencePolicy : DashboardPolicy;
        await next(context);
    });

    private static bool IsApiReference(PathString path) => path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/v1");
}
