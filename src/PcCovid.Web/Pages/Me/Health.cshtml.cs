using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Data;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Me;

/// <summary>
/// My test results, vaccinations and certificates (EU DCC HC1, issued on demand by the same use cases as
/// <c>/api/me/certificates/*</c>): each certificate's QR is shown and downloadable as a PNG
/// (<c>?handler=Png&amp;kind=vaccination|test|recovery</c>).
/// </summary>
[Authorize(Policy = AccessPolicies.Citizen)]
public sealed class HealthModel(
    PcCovidDbContext db,
    Guardians guardians,
    ListDoses doses,
    IssueVaccinationCertificate vaccination,
    IssueTestCertificate test,
    IssueRecoveryCertificate recovery,
    PersonalDataAudit audit,
    CurrentActor actor) : PageModel
{
    public static readonly string[] CertificateKinds = ["vaccination", "test", "recovery"];

    public CitizenSubject Subject { get; private set; } = null!;

    public IReadOnlyList<TestingEndpoints.MyResultResponse> Results { get; private set; } = [];

    public IReadOnlyList<DoseResponse> Doses { get; private set; } = [];

    public IReadOnlyList<(string Kind, VaccinationEndpoints.CertificateResponse Certificate)> Certificates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        if ((await TestingEndpoints.ListMineAsync(db, guardians, actor, Subject.PersonId, cancellationToken)).Result is Ok<IReadOnlyList<TestingEndpoints.MyResultResponse>> results)
        {
            Results = results.Value!;
        }

        Doses = await doses.ForCitizenAsync(Subject.PersonId, cancellationToken) ?? [];
        var certificates = new List<(string, VaccinationEndpoints.CertificateResponse)>();
        foreach (string kind in CertificateKinds)
        {
            if (await IssueAsync(kind, Subject.PersonId, cancellationToken) is { } certificate)
            {
                certificates.Add((kind, certificate));
            }
        }

        Certificates = certificates;
    }

    /// <summary>The certificate's QR as a PNG file to keep or print.</summary>
    public async Task<IActionResult> OnGetPngAsync(string? kind, CancellationToken cancellationToken)
    {
        CitizenSubject subject = await CitizenSubject.ResolveAsync(db, guardians, actor, cancellationToken);
        if (kind is null || !CertificateKinds.Contains(kind, StringComparer.Ordinal) || await IssueAsync(kind, subject.PersonId, cancellationToken) is not { } certificate)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        string name = kind switch { "test" => "chung-nhan-xet-nghiem", "recovery" => "chung-nhan-khoi-benh", _ => "chung-nhan-tiem-chung" };
        return File(Convert.FromBase64String(certificate.QrPngBase64), "image/png", name + ".png");
    }

    private async Task<VaccinationEndpoints.CertificateResponse?> IssueAsync(string kind, long personId, CancellationToken cancellationToken)
    {
        IResult result = kind switch
        {
            "vaccination" => (await VaccinationEndpoints.GetCertificateAsync(personId, guardians, actor, vaccination, audit, cancellationToken)).Result,
            "test" => (await TestingEndpoints.CertificateAsync(personId, guardians, actor, test.HandleAsync, audit, "test", cancellationToken)).Result,
            _ => (await TestingEndpoints.CertificateAsync(personId, guardians, actor, recovery.HandleAsync, audit, "recovery", cancellationToken)).Result,
        };
        return result is Ok<VaccinationEndpoints.CertificateResponse> ok ? ok.Value : null;
    }
}
