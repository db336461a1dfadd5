using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Me;

/// <summary>
/// "My data": what is held about whoever is shown, by kind and by source (the old app it came from, or
/// PcCovid, authoritative or self-declared, first received), the records from old apps held for my phone
/// waiting for my answer (claims), and requests to correct something (<see cref="CorrectionRequest"/>).
/// One small grouped read per kind of fact; no query per row.
/// </summary>
[Authorize(Policy = AccessPolicies.Citizen)]
public sealed class MyDataModel(PcCovidDbContext db, Guardians guardians, AnswerClaim answerClaim, PersonalDataAudit audit, TimeProvider clock, CurrentActor actor) : PageModel
{
    /// <summary>One line of "what we hold": a kind of fact from one source.</summary>
    public sealed record HeldFact(string Kind, string Source, bool Authoritative, int Count, DateTime FirstReceivedUtc);

    public CitizenSubject Subject { get; private set; } = null!;

    public IReadOnlyList<HeldFact> Facts { get; private set; } = [];

    public IReadOnlyList<(string Source, int Count)> LegacyRecords { get; private set; } = [];

    public IReadOnlyList<MigrationEndpoints.ClaimResponse> Claims { get; private set; } = [];

    public IReadOnlyList<CorrectionRequest> Corrections { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        long person = Subject.PersonId;
        var facts = new List<HeldFact>();
        Provenance registry = await db.People.AsNoTracking().Where(p => p.Id == person).Select(p => p.Provenance).SingleAsync(cancellationToken);
        facts.Add(new HeldFact("identity", registry.SourceSystem, registry.IsAuthoritative, 1, registry.ReceivedAtUtc));
        facts.AddRange(Group("declarations", await db.HealthDeclarations.AsNoTracking().Where(d => d.PersonId == person).Select(d => d.Provenance).ToListAsync(cancellationToken)));
        facts.AddRange(Group("test-results", await db.LabResults.AsNoTracking().Where(r => r.PersonId == person).Select(r => r.Provenance).ToListAsync(cancellationToken)));
        facts.AddRange(Group("vaccinations", await db.Doses.AsNoTracking().Where(d => d.PersonId == person).Select(d => d.Provenance).ToListAsync(cancellationToken)));
        Facts = facts;
        LegacyRecords = (await db.LegacyLinks.AsNoTracking().Where(l => l.PersonId == person && l.Outcome != LinkOutcome.Review)
                .GroupBy(l => l.Source).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => (x.Key, x.Count)).ToList();
        Claims = (await MigrationEndpoints.ListClaimsAsync(db, actor, after: null, limit: 50, cancellationToken)).Value!.Items;
        Corrections = await db.CorrectionRequests.AsNoTracking().Where(r => r.PersonId == person).OrderByDescending(r => r.Id).Take(20).ToListAsync(cancellationToken);
    }

    /// <summary>Answers a claim: <c>mine</c>, <c>not-mine</c>, or <c>dependant:{personId}</c>.</summary>
    public async Task<IActionResult> OnPostClaimAsync(long claimId, string? answer, CancellationToken cancellationToken)
    {
        string decision = answer ?? string.Empty;
        long? dependant = null;
        if (decision.StartsWith("dependant:", StringComparison.Ordinal) && long.TryParse(decision.AsSpan("dependant:".Length), out long id))
        {
            (decision, dependant) = ("dependant", id);
        }

        IResult result = (await MigrationEndpoints.AnswerAsync(claimId, new MigrationEndpoints.ClaimAnswer(decision, null, dependant), answerClaim, db, actor, audit, cancellationToken)).Result;
        Message = result is NoContent ? "claim-answered" : "claim-refused";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCorrectionAsync(string? about, string? text, CancellationToken cancellationToken)
    {
        CitizenSubject subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        try
        {
            db.CorrectionRequests.Add(CorrectionRequest.Open(subject.PersonId, subject.Me, about, text, clock.GetUtcNow().UtcDateTime));
        }
        catch (DomainException exception)
        {
            Message = exception.Message;
            return RedirectToPage();
        }

        await db.SaveChangesAsync(cancellationToken);
        Message = "correction-saved";
        return RedirectToPage();
    }

    private static IEnumerable<HeldFact> Group(string kind, IEnumerable<Provenance> provenances) =>
        provenances.GroupBy(p => (p.SourceSystem, p.IsAuthoritative))
            .OrderBy(g => g.Key.SourceSystem, StringComparer.Ordinal)
            .Select(g => new HeldFact(kind, g.Key.SourceSystem, g.Key.IsAuthoritative, g.Count(), g.Min(p => p.ReceivedAtUtc)));
}
