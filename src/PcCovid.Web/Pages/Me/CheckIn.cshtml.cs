using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.CheckIns;
using PcCovid.Web.Features.CheckIns;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Me;

/// <summary>
/// Check in at a venue: the camera (jsQR on a video frame or a photo) or the code typed from the poster.
/// With script, every check-in goes through the offline queue (IndexedDB, idempotency key, then
/// <c>POST /api/check-ins/batch</c>); without script the form posts here and is stored at once. The list
/// shows the last 14 days with check-out.
/// </summary>
[Authorize(Policy = AccessPolicies.Citizen)]
public sealed class CheckInModel(
    PcCovidDbContext db,
    Guardians guardians,
    ICheckInStore store,
    CheckInValidator validator,
    CheckInBatcher batcher,
    VenueDirectory venues,
    RuleCache rules,
    IOptions<CheckInOptions> options,
    TimeProvider clock,
    CurrentActor actor) : PageModel
{
    private readonly Dictionary<long, string> _venueNames = [];

    public CitizenSubject Subject { get; private set; } = null!;

    public IReadOnlyList<CheckInEndpoints.MyCheckInResponse> CheckIns { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public string VenueName(long venueId) => _venueNames.TryGetValue(venueId, out string? name) ? name : "#" + venueId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        if ((await CheckInEndpoints.ListMineAsync(store, guardians, rules, actor, clock, Subject.DependantId, 14, cancellationToken)).Result
            is Ok<IReadOnlyList<CheckInEndpoints.MyCheckInResponse>> ok)
        {
            CheckIns = ok.Value!;
        }

        foreach (long venueId in CheckIns.Select(c => c.VenueId).Distinct())
        {
            // The venue directory is an in-memory cache: no query per row.
            if (await venues.FindAsync(venueId, cancellationToken) is { } venue)
            {
                _venueNames[venueId] = venue.Name;
            }
        }
    }

    /// <summary>The form without script: the typed (or scanned) poster code, stored now.</summary>
    public async Task<IActionResult> OnPostCheckInAsync(string? venueCode, CancellationToken cancellationToken)
    {
        CitizenSubject subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        var item = new CheckInItem(venueCode?.Trim(), subject.DependantId, null, null, null);
        (CheckIn? checkIn, CheckInRefusal? refusal) = await validator.ValidateAsync(subject.Me, item, keyRequired: false, cancellationToken);
        if (checkIn is null)
        {
            Message = refusal!.Reason;
            return RedirectToPage();
        }

        await batcher.AppendAsync([checkIn], cancellationToken);
        Message = "ok:" + (await venues.FindAsync(checkIn.VenueId, cancellationToken))?.Name;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCheckOutAsync(string checkInId, CancellationToken cancellationToken)
    {
        CitizenSubject subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        IResult result = (await CheckInEndpoints.CheckOutAsync(checkInId, new CheckInEndpoints.CheckOutRequest(null, subject.DependantId), store, guardians, actor, options, clock, cancellationToken)).Result;
        return result is NoContent ? RedirectToPage() : NotFound();
    }
}
