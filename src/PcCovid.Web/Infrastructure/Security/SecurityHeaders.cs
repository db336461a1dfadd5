namespace PcCovid.Web.Infrastructure.Security;

/// <summary>
/// Response headers every page and API answer carries: no sniffing, no framing, no referrer leaks,
/// the camera for this origin only (the QR scanner), and a content policy of this origin's own files.
/// </summary>
public static class SecurityHeaders
{
    private const string ContentPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            IHeaderDictionary headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";

            // The API reference page loads its viewer from a CDN; every other page is held to our origin.
            if (!context.Request.Path.StartsWithSegments("/api/docs", StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = ContentPolicy;
            }

            return Task.CompletedTask;
        });
        await next(context).ConfigureAwait(false);
    });
}
