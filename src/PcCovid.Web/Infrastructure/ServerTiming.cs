using System.Diagnostics;
using System.Globalization;

namespace PcCovid.Web.Infrastructure;

/// <summary>
/// With <c>Diagnostics:ServerTiming=true</c> (off by default: timings tell an outsider how busy the server is),
/// every response carries <c>Server-Timing: app;dur=MS</c>, the time from the request entering the pipeline to
/// its first byte (a page's whole rendering, since Razor buffers the view). The benchmarks read it
/// (bench/home-page.sh) to report the server's time apart from the client's.
/// </summary>
public static class ServerTiming
{
    public const string SettingName = "Diagnostics:ServerTiming";

    public static IApplicationBuilder UseServerTimingWhenEnabled(this IApplicationBuilder app, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!configuration.GetValue(SettingName, false))
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            long started = Stopwatch.GetTimestamp();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2}");
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
