using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Declarations;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Me;

/// <summary>
/// Health, movement and entry declarations (domain-rules.md §6) for myself or a dependant. The form is
/// checked here field by field (the errors are shown next to each field in the language shown), then
/// handed to the same use case as <c>POST /api/me/declarations</c>; the list shows the person's last
/// declarations, the ones migrated from NCOVI / VHD included.
/// </summary>
[Authorize(Policy = AccessPolicies.Citizen)]
public sealed class DeclarationsModel(
    PcCovidDbContext db,
    ReferenceData reference,
    Guardians guardians,
    SubmitDeclaration submit,
    PersonalDataAudit audit,
    TimeProvider clock,
    CurrentActor actor) : PageModel
{
    public static readonly string[] Kinds = ["domestic", "domestic-movement", "entry"];

    public static readonly string[] Modes = ["flight", "train", "bus", "car", "ship", "other"];

    public CitizenSubject Subject { get; private set; } = null!;

    public IReadOnlyList<DeclarationEndpoints.DeclarationResponse> Recent { get; private set; } = [];

    /// <summary>Field name → error code (the view shows the text of the code in the page's language).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>A refusal of the use case itself, "Vietnamese / English".</summary>
    public string? Refusal { get; private set; }

    [TempData]
    public string? Saved { get; set; }

    [BindProperty(SupportsGet = true, Name = "loai")]
    public string Kind { get; set; } = "domestic";

    [BindProperty]
    public DeclarationForm Form { get; set; } = new();

    public IReadOnlyList<AdministrativeUnit> Provinces => [.. reference.Catalog.Provinces.Select(p => p.Unit).OrderBy(u => u.Code, StringComparer.Ordinal)];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Form.PersonId = Subject.PersonId;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Validate();
        if (Errors.Count > 0)
        {
            return Page();
        }

        long subject = Form.PersonId ?? Subject.Me;
        var request = new DeclarationEndpoints.DeclareRequest(
            subject,
            Kind,
            Form.Symptoms,
            Form.Exposures,
            Form.Conditions,
            Blank(Form.Places),
            Kind == "domestic" ? null : new DeclarationEndpoints.TravelRequest(
                Form.Mode, Blank(Form.VehicleNumber), Blank(Form.Seat), Form.DepartureDate, Form.ArrivalDate,
                Kind == "entry" ? Blank(Form.FromCountry) : null, Kind == "domestic-movement" ? Blank(Form.FromProvince) : null, Kind == "entry" ? Blank(Form.PortOfEntry) : null),
            Blank(Form.ProvinceCode) is null && Blank(Form.AddressLine) is null
                ? null
                : new DeclarationEndpoints.AddressRequest(Blank(Form.ProvinceCode), Blank(Form.DistrictCode), Blank(Form.CommuneCode), Blank(Form.AddressLine)));
        var result = await DeclarationEndpoints.DeclareAsync(request, submit, guardians, actor, audit, clock, cancellationToken);
        switch (result.Result)
        {
            case Created<DeclarationEndpoints.DeclarationResponse> created:
                Saved = created.Value!.NeedsFollowUp ? "follow-up" : "saved";
                return RedirectToPage(new { loai = Kind });
            case ValidationProblem problem:
                Refusal = string.Join(" ", problem.ProblemDetails.Errors.SelectMany(e => e.Value));
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!Kinds.Contains(Kind, StringComparer.Ordinal))
        {
            Kind = "domestic";
        }

        Subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        if ((await DeclarationEndpoints.ListMineAsync(db, guardians, actor, Subject.PersonId, before: null, limit: 10, cancellationToken)).Result
            is Ok<KeysetPage<DeclarationEndpoints.DeclarationResponse>> ok)
        {
            Recent = ok.Value!.Items;
        }
    }

    private void Validate()
    {
        if (!Form.Consent)
        {
            Errors["consent"] = "consent";
        }

        if (Form.PersonId is { } person && person != Subject.Me && !Subject.Dependants.Any(d => d.PersonId == person))
        {
            Errors["person"] = "person";
        }

        if (Form.Places is { Length: > 500 })
        {
            Errors["places"] = "too-long";
        }

        if (Kind != "domestic")
        {
            if (Form.Mode is null || !Modes.Contains(Form.Mode, StringComparer.Ordinal))
            {
                Errors["mode"] = "required";
            }

            if (Form.DepartureDate is null)
            {
                Errors["departure"] = "required";
            }

            if (Form.ArrivalDate is null)
            {
                Errors["arrival"] = "required";
            }
            else if (Form.DepartureDate is { } from && Form.ArrivalDate < from)
            {
                Errors["arrival"] = "before-departure";
            }

            if (Kind == "entry" && (Blank(Form.FromCountry) is not { } country || country.Length != 3 || !country.All(char.IsAsciiLetter)))
            {
                Errors["from-country"] = "country";
            }

            if (Kind == "domestic-movement" && (Blank(Form.FromProvince) is not { } province || reference.Catalog.FindProvince(province) is null))
            {
                Errors["from-province"] = "required";
            }
        }

        bool anyCode = Blank(Form.ProvinceCode) is not null || Blank(Form.DistrictCode) is not null || Blank(Form.CommuneCode) is not null;
        if (anyCode && (Blank(Form.ProvinceCode) is not { } p || Blank(Form.DistrictCode) is not { } d || Blank(Form.CommuneCode) is not { } c || !reference.Catalog.IsConsistent(p, d, c)))
        {
            Errors["address"] = "address";
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The form's fields (names as the inputs post them).</summary>
    public sealed class DeclarationForm
    {
        public long? PersonId { get; set; }

        public List<string> Symptoms { get; set; } = [];

        public List<string> Exposures { get; set; } = [];

        public List<string> Conditions { get; set; } = [];

        public string? Places { get; set; }

        public string? Mode { get; set; }

        public string? VehicleNumber { get; set; }

        public string? Seat { get; set; }

        public DateOnly? DepartureDate { get; set; }

        public DateOnly? ArrivalDate { get; set; }

        public string? FromCountry { get; set; }

        public string? FromProvince { get; set; }

        public string? PortOfEntry { get; set; }

        public string? ProvinceCode { get; set; }

        public string? DistrictCode { get; set; }

        public string? CommuneCode { get; set; }

        public string? AddressLine { get; set; }

        public bool Consent { get; set; }
    }
}
