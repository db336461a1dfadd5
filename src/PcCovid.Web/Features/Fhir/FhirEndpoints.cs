using System.Text;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;
using DomainPerson = PcCovid.Domain.People.Person;

namespace PcCovid.Web.Features.Fhir;

/// <summary>
/// FHIR R4 in and out (interop.md §10): read and search Patient, Immunization and Observation for one
/// person under the same access rules as the rest of the API (a citizen: themself and their dependants;
/// staff: a stated purpose, their jurisdiction, every read audited), and transaction Bundles from labs
/// and vaccination sites. Bodies are <c>application/fhir+json</c>; errors are OperationOutcomes.
/// </summary>
public static class FhirEndpoints
{
    /// <summary>A person's results or doses fit in one page; the cap keeps a pathological record bounded.</summary>
    public const int MaxSearchResults = 500;

    /// <summary>A transaction Bundle from one lab run or one vaccination session: 32 MB is ample.</summary>
    public const long MaxBundleBytes = 32L * 1024 * 1024;

    public static RouteGroupBuilder MapFhir(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder fhir = routes.MapGroup("/fhir").WithTags("FHIR R4");
        fhir.MapGet("/metadata", Metadata).AllowAnonymous().WithSummary("CapabilityStatement: what this FHIR server supports");
        fhir.MapGet("/Patient/{id:long}", ReadPatientAsync).RequireAuthorization(AccessPolicies.FhirRead).WithSummary("A person as a FHIR Patient (staff: ?purpose=)");
        fhir.MapGet("/Patient", SearchPatientsAsync).RequireAuthorization(AccessPolicies.FhirRead)
            .WithSummary("Search: ?identifier=SYSTEM|VALUE (CCCD, CMND or passport; staff: &purpose=), or no identifier for a citizen's own Patient and their dependants'");
        fhir.MapGet("/Immunization", SearchImmunizationsAsync).RequireAuthorization(AccessPolicies.FhirRead).WithSummary("A person's doses: ?patient=ID (staff: &purpose=)");
        fhir.MapGet("/Observation", SearchObservationsAsync).RequireAuthorization(AccessPolicies.FhirRead).WithSummary("A person's test results: ?patient=ID (staff: &purpose=)");
        fhir.MapPost("/", SubmitTransactionAsync).RequireAuthorization(AccessPolicies.FhirSubmit)
            .WithSummary("A transaction Bundle: Patient + Observation (labs) or Patient + Immunization (vaccination sites); all or nothing")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBundleBytes));
        return fhir;
    }

    public static FhirJsonResult Metadata(TimeProvider clock)
    {
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Kind = CapabilityStatementKind.Instance,
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json"],
            Software = new CapabilityStatement.SoftwareComponent { Name = "PcCovid" },
        };
        var rest = new CapabilityStatement.RestComponent { Mode = CapabilityStatement.RestfulCapabilityMode.Server };
        rest.Interaction.Add(new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction });
        rest.Resource.Add(Resource("Patient", [CapabilityStatement.TypeRestfulInteraction.Read]));
        rest.Resource.Add(Resource("Immunization", [CapabilityStatement.TypeRestfulInteraction.SearchType], "patient"));
        rest.Resource.Add(Resource("Observation", [CapabilityStatement.TypeRestfulInteraction.SearchType], "patient"));
        statement.Rest.Add(rest);
        return new FhirJsonResult(statement);
    }

    public static async Task<IResult> ReadPatientAsync(
        long id, string? purpose, PcCovidDbContext db, ReferenceData reference, Guardians guardians, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        DomainPerson? person = await db.People.AsNoTracking().Include(p => p.Phones).SingleOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false);
        if (await RefusalAsync(person, purpose, "fhir.patient.read", guardians, actor, audit, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        return new FhirJsonResult(FhirMapping.ToPatient(person!, reference.Catalog));
    }

    public static async Task<IResult> SearchPatientsAsync(
        string? identifier, string? purpose, HttpContext http, PcCovidDbContext db, ReferenceData reference, Guardians guardians, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        List<long> ids;
        if (identifier is null)
        {
            if (!actor.IsCitizen)
            {
                return FhirJsonResult.Problem(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Cần tham số identifier / The identifier parameter is required");
            }

            long me = actor.RequirePersonId();
            ids = [me, .. (await guardians.DependantsOfAsync(me, cancellationToken).ConfigureAwait(false)).Select(d => d.PersonId)];
        }
        else
        {
            int bar = identifier.IndexOf('|', StringComparison.Ordinal);
            string system = bar < 0 ? string.Empty : identifier[..bar];
            string value = (bar < 0 ? identifier : identifier[(bar + 1)..]).Trim();
            DomainPerson? found = system switch
            {
                FhirSystems.CitizenId or "" => await PersonLookup.FindByCitizenIdAsync(db, value, cancellationToken).ConfigureAwait(false),
                FhirSystems.LegacyIdCard => await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.LegacyIdNumber == value, cancellationToken).ConfigureAwait(false),
                FhirSystems.Passport => await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.PassportNumber == value, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            ids = found is null ? [] : [found.Id];
        }

        var people = await db.People.AsNoTracking().Include(p => p.Phones).Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var visible = new List<Resource>();
        foreach (DomainPerson person in people)
        {
            IResult? refusal = await RefusalAsync(person, purpose, "fhir.patient.search", guardians, actor, audit, cancellationToken).ConfigureAwait(false);
            if (refusal is FhirJsonResult { StatusCode: StatusCodes.Status400BadRequest })
            {
                return refusal;
            }

            if (refusal is null)
            {
                visible.Add(FhirMapping.ToPatient(person, reference.Catalog));
            }
        }

        if (identifier is not null && !actor.IsCitizen && StaffPersonAccess.PurposeProblem(actor, purpose, out _) is { } problem)
        {
            return FhirJsonResult.Problem(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, problem);
        }

        // Nobody found and nobody out of reach look the same: an empty searchset.
        return new FhirJsonResult(SearchSet(http, visible));
    }

    public static async Task<IResult> SearchImmunizationsAsync(
        string? patient, string? purpose, HttpContext http, PcCovidDbContext db, Guardians guardians, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (PatientId(patient) is not { } personId)
        {
            return FhirJsonResult.Problem(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Cần tham số patient / The patient parameter is required");
        }

        DomainPerson? person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
        if (await RefusalAsync(person, purpose, "fhir.immunization.search", guardians, actor, audit, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        List<Dose> doses = await db.Doses.AsNoTracking().Where(d => d.PersonId == personId)
            .OrderBy(d => d.AdministeredOn).ThenBy(d => d.Id).Take(MaxSearchResults)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        int series = doses.Count == 0 ? 0 : doses.Max(d => d.DoseNumber);
        return new FhirJsonResult(SearchSet(http, doses.Select(d => (Resource)FhirMapping.ToImmunization(d, series))));
    }

    public static async Task<IResult> SearchObservationsAsync(
        string? patient, string? purpose, HttpContext http, PcCovidDbContext db, Guardians guardians, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (PatientId(patient) is not { } personId)
        {
            return FhirJsonResult.Problem(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, "Cần tham số patient / The patient parameter is required");
        }

        DomainPerson? person = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
        if (await RefusalAsync(person, purpose, "fhir.observation.search", guardians, actor, audit, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var rows = await db.LabResults.AsNoTracking().Where(r => r.PersonId == personId)
            .OrderByDescending(r => r.SampledAtUtc).ThenByDescending(r => r.Id).Take(MaxSearchResults)
            .Join(db.Facilities, r => r.LabFacilityId, f => f.Id, (r, f) => new { Result = r, Lab = f.Name })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new FhirJsonResult(SearchSet(http, rows.Select(r => (Resource)FhirMapping.ToObservation(r.Result, r.Lab))));
    }

    public static async Task<IResult> SubmitTransactionAsync(HttpContext http, ProcessFhirTransaction process, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        string json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        ProcessFhirTransaction.Result result = await process.HandleAsync(json, AuditActor.From(http), cancellationToken).ConfigureAwait(false);
        return new FhirJsonResult(result.Resource, result.StatusCode);
    }

    /// <summary>
    /// Null when the caller may read this person's data (the read is then audited for staff), else the
    /// answer: 404 for a person who does not exist or is out of reach (the same, so ids cannot be
    /// probed), 400 for staff without a valid purpose.
    /// </summary>
    private static async Task<IResult?> RefusalAsync(
        DomainPerson? person, string? purpose, string action, Guardians guardians, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        FhirJsonResult notFound = FhirJsonResult.Problem(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, "Không tìm thấy / Not found");
        if (actor.IsCitizen)
        {
            return person is not null && await guardians.MayActForAsync(actor.RequirePersonId(), person.Id, cancellationToken).ConfigureAwait(false)
                ? null
                : notFound;
        }

        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return FhirJsonResult.Problem(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Required, problem);
        }

        if (person is null || !StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return notFound;
        }

        await audit.RecordReadsAsync([person.Id], action, stated, "FHIR", cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static long? PatientId(string? patient)
    {
        string? text = patient?.StartsWith("Patient/", StringComparison.Ordinal) == true ? patient["Patient/".Length..] : patient;
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long id) ? id : null;
    }

    private static Bundle SearchSet(HttpContext http, IEnumerable<Resource> resources)
    {
        string root = $"{http.Request.Scheme}://{http.Request.Host}/fhir/";
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        foreach (Resource resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = root + resource.TypeName + "/" + resource.Id,
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        bundle.Total = bundle.Entry.Count;
        return bundle;
    }

    private static CapabilityStatement.ResourceComponent Resource(string type, CapabilityStatement.TypeRestfulInteraction[] interactions, string? searchParam = null)
    {
        var component = new CapabilityStatement.ResourceComponent { Type = type };
        foreach (CapabilityStatement.TypeRestfulInteraction interaction in interactions)
        {
            component.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = interaction });
        }

        if (searchParam is not null)
        {
            component.SearchParam.Add(new CapabilityStatement.SearchParamComponent { Name = searchParam, Type = SearchParamType.Reference });
        }

        return component;
    }
}
