using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

[assembly: RootNamespace("PcCovid.Web")]

namespace PcCovid.Web.Infrastructure.Localization;

/// <summary>
/// Vietnamese first, English second. Every page text is written in Vietnamese in the view (the key) and
/// translated in the view's English resource file (Resources/&lt;view path&gt;.en.resx); texts shared by
/// several pages (the layout, the navigation) live in <see cref="SharedResource"/>. The language is the
/// reader's choice (a cookie set by the switch in the layout, or <c>?lang=en</c> on a link); a browser's
/// Accept-Language does not override it, so everyone starts in Vietnamese.
/// </summary>
public static class PcCovidLocalization
{
    public const string Vietnamese = "vi-VN";
    public const string English = "en";

    public static readonly IReadOnlyList<CultureInfo> Cultures = [CultureInfo.GetCultureInfo(Vietnamese), CultureInfo.GetCultureInfo(English)];

    public static IServiceCollection AddPcCovidLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Vietnamese);
            options.SupportedCultures = [.. Cultures];
            options.SupportedUICultures = [.. Cultures];
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>True when the page is shown in English; views use it for texts that are not in a resource (a rule's own English text).</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>POST /ngon-ngu: remembers the reader's language for a year and goes back to the page they were on.</summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/ngon-ngu", async (HttpContext context, TimeProvider clock) =>
        {
            IFormCollection form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : FormCollection.Empty;
            string? culture = form["culture"];
            string? returnUrl = form["returnUrl"];
            string chosen = culture == English ? English : Vietnamese;
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = context.Request.IsHttps });
            // Only a local path: the switch must not become an open redirect.
            bool local = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal);
            return Results.LocalRedirect(local ? returnUrl! : "/");
        }).AllowAnonymous().DisableAntiforgery().WithName("SwitchLanguage").ExcludeFromDescription();
        return endpoints;
    }
}
