using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore.Storage;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.Testing;
using PcCovid.Web.Features.Vaccination;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Fhir;

/// <summary>
/// Accepts a FHIR R4 transaction Bundle from a lab (Patient + Observation entries) or a vaccination
/// site (Patient + Immunization entries): parsed and validated with the Firely SDK, every entry
/// checked, then all recorded in one database transaction through the same use cases as the JSON API
/// and the CSV files (<see cref="RecordLabResults"/>, <see cref="RecordDose"/>) — or nothing at all.
/// Patient entries are never created: the population registry is the authority; they only carry
/// the identity the results are matched with.
/// </summary>
public sealed class ProcessFhirTransaction(
    PcCovidDbContext db,
    FhirValidation validation,
    RecordLabResults recordResults,
    RecordDose recordDose,
    ReferenceData reference,
    CurrentActor actor)
{
    /// <summary>The response: a transaction-response Bundle (200) or an OperationOutcome (400/422).</summary>
    public sealed record Result(Resource Resource, int StatusCode);

    private sealed record Problem(int Entry, string Message);

    public async Task<Result> HandleAsync(string json, AuditActor auditActor, CancellationToken cancellationToken)
    {
        // 1. Parse strictly: an unknown element or a wrong type is an error, not something to guess about.
        Bundle bundle;
        try
        {
            bundle = new FhirJsonDeserializer(new DeserializerSettings()).Deserialize<Bundle>(json);
        }
        catch (DeserializationFailedException exception)
        {
            return Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure,
                exception.Exceptions.Select(e => new Problem(-1, e.Message)).Take(20));
        }
        catch (FormatException exception)
        {
            return Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.Structure, [new Problem(-1, exception.Message)]);
        }

        if (bundle.Type != Bundle.BundleType.Transaction)
        {
            return Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotSupported,
                [new Problem(-1, "Chỉ nhận Bundle loại transaction / Only transaction Bundles are accepted")]);
        }

        // 2. Validate against the R4 base profiles: an invalid resource rejects the whole transaction.
        OperationOutcome validated = validation.Validate(bundle);
        IReadOnlyList<OperationOutcome.IssueComponent> errors = FhirValidation.Errors(validated);
        if (errors.Count > 0)
        {
            var invalid = new OperationOutcome();
            invalid.Issue.AddRange(errors);
            return new Result(invalid, StatusCodes.Status400BadRequest);
        }

        // 3. Check every entry before touching the database.
        var problems = new List<Problem>();
        var patients = new Dictionary<string, Patient>(StringComparer.Ordinal);
        for (int i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is Patient patient && bundle.Entry[i].FullUrl is { } url)
            {
                patients[url] = patient;
            }
        }

        var labInputs = new List<(int Entry, LabResultInput Input)>();
        var doses = new List<(int Entry, RecordDose.Request Request)>();
        for (int i = 0; i < bundle.Entry.Count; i++)
        {
            switch (bundle.Entry[i].Resource)
            {
                case Patient:
                    break;
                case Observation observation when actor.Role == StaffRole.Lab:
                    if (ToLabInput(observation, patients, i, problems) is { } input)
                    {
                        labInputs.Add((i, input));
                    }

                    break;
                case Immunization immunization when actor.Role == StaffRole.VaccinationSite:
                    if (ToDoseRequest(immunization, patients, i, problems) is { } request)
                    {
                        doses.Add((i, request));
                    }

                    break;
                case Observation or Immunization:
                    problems.Add(new Problem(i, "Vai trò của bạn không gửi loại tài nguyên này (phòng xét nghiệm: Observation; điểm tiêm: Immunization) / "
                        + "Your role does not submit this resource type (labs: Observation; vaccination sites: Immunization)"));
                    break;
                case null:
                    problems.Add(new Problem(i, "Mục không có tài nguyên / The entry has no resource"));
                    break;
                case var other:
                    problems.Add(new Problem(i, $"Không nhận tài nguyên {other.TypeName} / {other.TypeName} resources are not accepted"));
                    break;
            }
        }

        if (problems.Count > 0)
        {
            return Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.Invalid, problems);
        }

        // 4. Record everything in one transaction (FHIR transaction semantics: all or nothing).
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (Bundle.EntryComponent _ in bundle.Entry)
        {
            response.Entry.Add(new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "200 OK" } });
        }

        await using IDbContextTransaction transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (labInputs.Count > 0)
        {
            long lab = TestingEndpoints.LabOf(actor);
            RecordLabResults.Outcome outcome = await recordResults.HandleAsync(lab, labInputs.Select(l => l.Input).ToList(), SourceSystems.PcCovid, null,
                auditActor, auditEachResult: true, cancellationToken).ConfigureAwait(false);
            if (outcome.Rejected.Count > 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                return Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.Invalid,
                    outcome.Rejected.Select(r => new Problem((int)r.LineNumber - 1, r.Reason)));
            }

            for (int k = 0; k < labInputs.Count; k++)
            {
                response.Entry[labInputs[k].Entry].Response = new Bundle.ResponseComponent
                {
                    Status = "201 Created",
                    Location = "Observation/" + FhirMapping.Id(outcome.ResultIds[k]),
                };
            }
        }

        foreach ((int entry, RecordDose.Request request) in doses)
        {
            DoseResponse? dose;
            try
            {
                dose = await recordDose.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (DomainException exception)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                return Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.BusinessRule, [new Problem(entry, exception.Message)]);
            }

            if (dose is null)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                return Outcome(StatusCodes.Status422UnprocessableEntity, OperationOutcome.IssueType.NotFound,
                    [new Problem(entry, "Không có người mang số định danh này / No person has this citizen ID")]);
            }

            response.Entry[entry].Response = new Bundle.ResponseComponent { Status = "201 Created", Location = "Immunization/" + FhirMapping.Id(dose.Id) };
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Result(response, StatusCodes.Status200OK);
    }

    private static LabResultInput? ToLabInput(Observation observation, Dictionary<string, Patient> patients, int entry, List<Problem> problems)
    {
        int before = problems.Count;
        string? sampleId = observation.Identifier.FirstOrDefault(i => i.System == FhirSystems.LabSample)?.Value
            ?? observation.Identifier.FirstOrDefault()?.Value;
        if (string.IsNullOrWhiteSpace(sampleId))
        {
            problems.Add(new Problem(entry, "Observation cần identifier (mã mẫu) / Observation needs an identifier (the sample id)"));
        }

        LabTestType? type = observation.Code?.Coding.Where(c => c.System == FhirSystems.Loinc).Select(c => c.Code switch
        {
            "94500-6" => LabTestType.RtPcr,
            "94558-4" or "95209-3" => LabTestType.RapidAntigen,
            _ => (LabTestType?)null,
        }).FirstOrDefault(t => t is not null);
        if (type is null)
        {
            problems.Add(new Problem(entry, "Mã LOINC không được nhận (94500-6, 94558-4, 95209-3) / Unsupported LOINC code (94500-6, 94558-4, 95209-3)"));
        }

        LabOutcome? outcome = (observation.Value as CodeableConcept)?.Coding.Where(c => c.System == FhirSystems.Snomed).Select(c => c.Code switch
        {
            "260373001" => LabOutcome.Positive,
            "260415000" => LabOutcome.Negative,
            "419984006" => LabOutcome.Inconclusive,
            _ => (LabOutcome?)null,
        }).FirstOrDefault(o => o is not null);
        if (outcome is null)
        {
            problems.Add(new Problem(entry, "valueCodeableConcept cần mã SNOMED 260373001, 260415000 hoặc 419984006 / valueCodeableConcept needs SNOMED 260373001, 260415000 or 419984006"));
        }

        DateTimeOffset? sampled = (observation.Effective as FhirDateTime)?.TryToDateTimeOffset(out DateTimeOffset s) == true ? s : null;
        if (sampled is null || observation.Issued is null)
        {
            problems.Add(new Problem(entry, "Cần effectiveDateTime (lấy mẫu) và issued (trả kết quả) / effectiveDateTime (sampled) and issued (reported) are required"));
        }

        Patient? patient = SubjectOf(observation.Subject, patients, entry, problems);
        if (problems.Count > before || patient is null)
        {
            return null;
        }

        decimal? ct = observation.Component
            .Select(c => c.Value as Quantity)
            .FirstOrDefault(q => q?.Value is not null)?.Value;
        (string? name, int? birthYear, string? idNumber, string? phone) = IdentityOf(patient);
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add(new Problem(entry, "Patient cần họ tên / The Patient needs a name"));
            return null;
        }

        return new LabResultInput(sampleId!.Trim(), observation.Identifier.FirstOrDefault(i => i.System == FhirSystems.LabPool)?.Value, name, birthYear, idNumber, phone,
            type!.Value, outcome!.Value, ct, sampled!.Value.UtcDateTime, observation.Issued!.Value.UtcDateTime)
        { LineNumber = entry + 1 };
    }

    private RecordDose.Request? ToDoseRequest(Immunization immunization, Dictionary<string, Patient> patients, int entry, List<Problem> problems)
    {
        int before = problems.Count;
        if (immunization.Status != Immunization.ImmunizationStatusCodes.Completed)
        {
            problems.Add(new Problem(entry, "Chỉ nhận mũi tiêm đã hoàn thành (status completed) / Only completed immunizations are accepted"));
        }

        VaccineProduct? product = null;
        foreach (Coding coding in immunization.VaccineCode?.Coding ?? [])
        {
            product = reference.Vaccines.Products.FirstOrDefault(p => string.Equals(p.MedicinalProduct, coding.Code, StringComparison.Ordinal))
                ?? reference.Vaccines.Find(coding.Display);
            if (product is not null)
            {
                break;
            }
        }

        product ??= reference.Vaccines.Find(immunization.VaccineCode?.Text);
        if (product is null)
        {
            problems.Add(new Problem(entry, "vaccineCode không phải sản phẩm trong danh mục EU DCC (mp) / vaccineCode is not a product of the EU DCC value set (mp)"));
        }

        int? doseNumber = immunization.ProtocolApplied.FirstOrDefault()?.DoseNumber is PositiveInt n ? n.Value : null;
        if (doseNumber is null)
        {
            problems.Add(new Problem(entry, "Cần protocolApplied.doseNumberPositiveInt / protocolApplied.doseNumberPositiveInt is required"));
        }

        DateOnly? administered = DateGiven(immunization.Occurrence as FhirDateTime);
        if (administered is null)
        {
            problems.Add(new Problem(entry, "Cần occurrenceDateTime / occurrenceDateTime is required"));
        }

        Patient? patient = SubjectOf(immunization.Patient, patients, entry, problems);
        string? citizenId = patient?.Identifier.FirstOrDefault(i => i.System == FhirSystems.CitizenId || i.System == FhirSystems.LegacyIdCard)?.Value;
        if (patient is not null && string.IsNullOrWhiteSpace(citizenId))
        {
            problems.Add(new Problem(entry, "Patient cần số định danh (CCCD hoặc CMND) / The Patient needs a citizen ID (CCCD or CMND)"));
        }

        return problems.Count > before
            ? null
            : new RecordDose.Request(citizenId, doseNumber!.Value, product!.Name, immunization.LotNumber, administered!.Value, null);
    }

    /// <summary>A dose's date: a plain date as written, or a date-time read in Vietnam time.</summary>
    private static DateOnly? DateGiven(FhirDateTime? occurrence)
    {
        if (occurrence?.Value is not { } text)
        {
            return null;
        }

        if (text.Length == 10)
        {
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) ? date : null;
        }

        return occurrence.TryToDateTimeOffset(out DateTimeOffset at) ? DateOnly.FromDateTime(at.ToOffset(VietnamTime.Offset).DateTime) : null;
    }

    /// <summary>The Patient a reference points to: an entry of the bundle by its fullUrl.</summary>
    private static Patient? SubjectOf(ResourceReference? reference, Dictionary<string, Patient> patients, int entry, List<Problem> problems)
    {
        if (reference?.Reference is { } target && patients.TryGetValue(target, out Patient? patient))
        {
            return patient;
        }

        problems.Add(new Problem(entry, "Tham chiếu người bệnh phải trỏ tới một Patient trong Bundle (fullUrl) / The patient reference must point to a Patient entry of the Bundle (fullUrl)"));
        return null;
    }

    private static (string? Name, int? BirthYear, string? IdNumber, string? Phone) IdentityOf(Patient patient)
    {
        HumanName? name = patient.Name.FirstOrDefault();
        string? fullName = name?.Text ?? (name is null ? null : string.Join(' ', new[] { name.Family }.Concat(name.Given).Where(p => !string.IsNullOrWhiteSpace(p))));
        int? birthYear = patient.BirthDate is { Length: >= 4 } birth && int.TryParse(birth.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year) ? year : null;
        string? idNumber = patient.Identifier.FirstOrDefault(i => i.System == FhirSystems.CitizenId)?.Value
            ?? patient.Identifier.FirstOrDefault(i => i.System == FhirSystems.LegacyIdCard)?.Value
            ?? patient.Identifier.FirstOrDefault(i => i.System == FhirSystems.Passport)?.Value;
        string? phone = patient.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value;
        return (fullName, birthYear, idNumber, phone);
    }

    private static Result Outcome(int statusCode, OperationOutcome.IssueType type, IEnumerable<Problem> problems)
    {
        var outcome = new OperationOutcome();
        foreach (Problem problem in problems)
        {
            var issue = new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = problem.Message };
            if (problem.Entry >= 0)
            {
                issue.Expression = [string.Create(CultureInfo.InvariantCulture, $"Bundle.entry[{problem.Entry}]")];
            }

            outcome.Issue.Add(issue);
        }

        return new Result(outcome, statusCode);
    }
}
