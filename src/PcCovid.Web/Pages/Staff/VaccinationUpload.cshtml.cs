using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.StaffConsole;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>A vaccination site uploads a tiemchung mui_tiem.csv; it imports in the background while the page shows progress.</summary>
[Authorize(Policy = AccessPolicies.VaccinationSite)]
[RequestSizeLimit(TestingEndpoints.MaxCsvBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = TestingEndpoints.MaxCsvBytes)]
public sealed class VaccinationUploadModel(UploadJobs jobs, CurrentActor actor) : CsvUploadPageModel
{
    protected override Task<long> StartAsync(string path, string fileName, CancellationToken cancellationToken) =>
        jobs.StartVaccinationAsync(actor.RequireAccountId(), path, fileName, AuditActor.From(HttpContext), cancellationToken);
}
