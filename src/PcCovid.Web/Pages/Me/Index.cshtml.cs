using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Me;

/// <summary>
/// The citizen's home: the COVID card of whoever is shown (me or a dependant) with the rotating personal
/// QR (refreshed by <c>?handler=Qr</c> before it expires), the dependants and guardians, and who read my
/// data and why.
/// </summary>
[Authorize(Policy = AccessPolicies.Citizen)]
public sealed class IndexModel(
    PcCovidDbContext db,
    ReferenceData reference,
    Guardians guardians,
    HouseholdCandidates candidates,
    AddHouseholdDependant addDependant,
    GrantGuardianConsent grantConsent,
    RevokeGuardianship revoke,
    ListMyAccessLog accessLog,
    Features.Card.ComputeCovidCard card,
    Features.CheckIns.PersonalQr personalQr,
    CurrentActor actor) : PageModel
{
    public PersonView Me { get; private set; } = null!;

    public PersonView Shown { get; private set; } = null!;

    public IReadOnlyList<DependantSummary> Dependants { get; private set; } = [];

    public IReadOnlyList<HouseholdCandidate> Candidates { get; private set; } = [];

    public IReadOnlyList<GuardianSummary> GuardianList { get; private set; } = [];

    public ListMyAccessLog.Page AccessLog { get; private set; } = new([], null);

    public Features.Card.CardResponse? Card { get; private set; }

    public Features.CheckIns.PersonalQrResponse? Qr { get; private set; }

    public string? QrImage { get; private set; }

    public CitizenSubject Subject { get; private set; } = null!;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        Me = (await PersonView.LoadAsync(db, reference, me, cancellationToken))!;
        Subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        Dependants = Subject.Dependants;
        Candidates = await candidates.ForAsync(me, Me.HouseholdCode, Dependants, cancellationToken);
        GuardianList = await guardians.GuardiansOfAsync(me, cancellationToken);
        Shown = Subject.IsDependant ? (await PersonView.LoadAsync(db, reference, Subject.PersonId, cancellationToken))! : Me;
        AccessLog = await accessLog.RunAsync(me, actor.AccountId, before: null, limit: 20, cancellationToken);
        Card = await card.HandleAsync(Shown.Id, cancellationToken);
        Qr = Card is null ? null : await personalQr.IssueAsync(Shown.Id, Shown.FullName, Card, printed: false, cancellationToken);
        QrImage = Qr is null ? null : CitizenSubject.QrDataUri(Qr.Payload);
    }

    /// <summary>A fresh personal QR for whoever is shown (the page's script calls it before the shown one expires).</summary>
    public async Task<IActionResult> OnGetQrAsync(CancellationToken cancellationToken)
    {
        CitizenSubject subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        if (await personalQr.IssueAsync(subject.PersonId, printed: false, cancellationToken) is not { } qr)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { qr.Payload, Image = CitizenSubject.QrDataUri(qr.Payload), ExpiresAt = qr.ExpiresAt.ToUnixTimeSeconds(), qr.RefreshAfterSeconds });
    }

    public async Task<IActionResult> OnPostActForAsync(long? personId, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        if (personId is { } target && !await guardians.MayActForAsync(me, target, cancellationToken))
        {
            return NotFound();
        }

        Account account = await db.Accounts.SingleAsync(a => a.Id == actor.RequireAccountId(), cancellationToken);
        account.ActFor(personId);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddDependantAsync(long personId, CancellationToken cancellationToken)
    {
        Message = await addDependant.HandleAsync(actor.RequirePersonId(), personId, cancellationToken)
            ? "added"
            : "not-added";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDropDependantAsync(long personId, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        await revoke.HandleAsync(me, me, personId, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostGrantAsync(string? guardianCitizenId, string? guardianPhone, CancellationToken cancellationToken)
    {
        try
        {
            Message = await grantConsent.HandleAsync(actor.RequirePersonId(), guardianCitizenId, guardianPhone, cancellationToken)
                ? "allowed"
                : "not-allowed";
        }
        catch (Domain.Common.DomainException exception)
        {
            Message = exception.Message;
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long personId, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        await revoke.HandleAsync(me, personId, me, cancellationToken);
        return RedirectToPage();
    }
}
