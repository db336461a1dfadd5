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
/// The citizen's home: whose data is shown (me or a dependant), the dependants and guardians, and who
/// read my data and why. The COVID card and QR join this page with their features.
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
    CurrentActor actor) : PageModel
{
    public PersonView Me { get; private set; } = null!;

    public PersonView Shown { get; private set; } = null!;

    public IReadOnlyList<DependantSummary> Dependants { get; private set; } = [];

    public IReadOnlyList<HouseholdCandidate> Candidates { get; private set; } = [];

    public IReadOnlyList<GuardianSummary> GuardianList { get; private set; } = [];

    public ListMyAccessLog.Page AccessLog { get; private set; } = new([], null);

    public Features.Card.CardResponse? Card { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        Me = (await PersonView.LoadAsync(db, reference, me, cancellationToken))!;
        Dependants = await guardians.DependantsOfAsync(me, cancellationToken);
        Candidates = await candidates.ForAsync(me, cancellationToken);
        GuardianList = await guardians.GuardiansOfAsync(me, cancellationToken);
        long? acting = await db.Accounts.Where(a => a.Id == actor.RequireAccountId()).Select(a => a.ActingForPersonId).SingleAsync(cancellationToken);
        Shown = acting is { } a && Dependants.Any(d => d.PersonId == a)
            ? (await PersonView.LoadAsync(db, reference, a, cancellationToken))!
            : Me;
        AccessLog = await accessLog.RunAsync(me, actor.AccountId, before: null, limit: 20, cancellationToken);
        Card = await card.HandleAsync(Shown.Id, cancellationToken);
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
            ? "Đã thêm người phụ thuộc. / Dependant added."
            : "Không thể thêm người này. / This person cannot be added.";
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
                ? "Đã cho phép người giám hộ. / Guardian allowed."
                : "Số CCCD và số điện thoại không cùng một người, hoặc đã được cho phép. / The citizen ID and phone number do not belong to one person, or they are already allowed.";
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
