using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Audit;

/// <summary>The auditor's search of the audit log (the same use case as <c>GET /api/audit</c>).</summary>
[Authorize(Policy = AccessPolicies.Auditor)]
public sealed class IndexModel(SearchAuditLog search) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? SubjectPersonId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? ActorAccountId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public SearchAuditLog.Page Results { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = new SearchAuditLog.Query(SubjectPersonId, ActorAccountId, Action, From, To, Before, 100);
        Results = await search.RunAsync(AuditActor.From(HttpContext), query, cancellationToken);
    }

    /// <summary>The same filters, one page further back.</summary>
    public Dictionary<string, string?> NextRoute() => new()
    {
        ["subjectPersonId"] = SubjectPersonId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["actorAccountId"] = ActorAccountId?.ToString(),
        ["action"] = Action,
        ["from"] = From?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["before"] = Results.NextBefore?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
