using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PcCovid.IntegrationTests.Infrastructure;

/// <summary>Waiting for a form's redirect to land, without depending on the page's load event.</summary>
public static class PageArrival
{
    /// <summary>
    /// Waits until the page's address has <paramref name="path"/> as its path (any query string). Not
    /// <c>WaitForURLAsync</c>: when the address already matches, that one waits for the load event, and twice in CI it
    /// timed out after 30 s with only "NetworkIdle event fired" in its log, on a page that had loaded. The actions that
    /// follow wait for their own elements, so nothing is gained by waiting for the load event here. The 30 s
    /// match Playwright's navigation timeout rather than its 5 s assertion default: a loaded CI machine needs them.
    /// </summary>
    public static Task ArriveAtAsync(this IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        var address = new Regex($"^[^?#]*{Regex.Escape(path)}([?#].*)?$");
        return Assertions.Expect(page).ToHaveURLAsync(address, new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
    }
}
