using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Admin;

/// <summary>Every rule and its versions, with sources and certainty; new versions come through <c>POST /api/rules/{key}/versions</c>.</summary>
[Authorize(Policy = AccessPolicies.Administrator)]
public sealed class RulesModel(RuleCache cache) : PageModel
{
    public IReadOnlyList<(string Key, IReadOnlyList<RuleVersion> Versions)> Rules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        RuleBook book = await cache.GetAsync(cancellationToken);
        Rules = RuleKeys.All.Order(StringComparer.Ordinal).Select(key => (key, book.VersionsOf(key))).ToList();
    }
}
