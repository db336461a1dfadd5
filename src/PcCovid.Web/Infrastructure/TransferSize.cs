using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace PcCovid.Web.Infrastructure;

/// <summary>
/// What keeps the pages light on a slow phone network (issue 8: the citizen home ≤ 150 KB on first load,
/// ≤ 50 KB after): Brotli or gzip on every text answer, and static files cached by the browser — for a year
/// when the URL carries the file's hash (<c>asp-append-version</c>'s <c>?v=</c>), revalidated by ETag otherwise.
/// Pages compress too over HTTPS: their antiforgery tokens differ on every answer and no page echoes
/// request text next to a secret, which is what a BREACH attack would need.
/// </summary>
public static class TransferSize
{
    public const string Immutable = "public, max-age=31536000, immutable";

    public static IServiceCollection AddPcCovidCompression(this IServiceCollection services) => services.AddResponseCompression(options =>
    {
        options.EnableForHttps = true;
        options.Providers.Add<BrotliCompressionProvider>();
        options.Providers.Add<GzipCompressionProvider>();
        options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/manifest+json", "image/svg+xml", "application/problem+json"]);
    });

    /// <summary>Static files: compressed, with the cache header their URL allows.</summary>
    public static IApplicationBuilder UsePcCovidStaticFiles(this IApplicationBuilder app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        return app.UseResponseCompression().UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                HttpRequest request = context.Context.Request;
                // The service worker must be checked on every visit so that a new version takes over.
                context.Context.Response.Headers[HeaderNames.CacheControl] =
                    request.Path.Equals("/sw.js", StringComparison.Ordinal) ? "no-cache"
                    : request.Query.ContainsKey("v") ? Immutable
                    : "public, max-age=3600";
            },
        });
    }
}
