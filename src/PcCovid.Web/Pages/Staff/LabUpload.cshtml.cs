using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PcCovid.Domain.Access;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.StaffConsole;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Pages.Staff;

/// <summary>A lab uploads a xetnghiem CSV; it imports in the background (the same use case as the API) while the page shows progress.</summary>
[Authorize(Policy = AccessPolicies.Lab)]
[RequestSizeLimit(TestingEndpoints.MaxCsvBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = TestingEndpoints.MaxCsvBytes)]
public sealed class LabUploadModel(UploadJobs jobs, CurrentActor actor) : CsvUploadPageModel
{
    /// <summary>The lab of the signed-in lab account (its facility scope).</summary>
    private long? Lab => actor.Scope is { Kind: ScopeKind.Facility } scope && long.TryParse(scope.Code, System.Globalization.CultureInfo.InvariantCulture, out long lab) ? lab : null;

    protected override bool MayUpload() => Lab is not null;

    protected override Task<long> StartAsync(string path, string fileName, CancellationToken cancellationToken) =>
        jobs.StartLabAsync(actor.RequireAccountId(), Lab!.Value, path, fileName, AuditActor.From(HttpContext), cancellationToken);
}
