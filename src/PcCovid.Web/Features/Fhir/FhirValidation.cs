using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace PcCovid.Web.Features.Fhir;

/// <summary>
/// Validates resources against the FHIR R4 base profiles with the Firely validator, offline: the
/// specification (Hl7.Fhir.Specification.Data.R4's specification.zip) ships with the program. Codes
/// from LOINC, SNOMED CT and the EU value sets are not checked (no terminology server); PcCovid checks
/// the few it accepts itself. One instance serves the process: compiling the profiles is the slow part
/// and the compiled schemas are cached.
/// </summary>
public sealed class FhirValidation
{
    private readonly Lazy<Validator> _validator = new(() =>
    {
        var source = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(source, new LocalTerminologyService(source));
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The validator's outcome; errors and fatal issues mean the resource is invalid.</summary>
    public OperationOutcome Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return _validator.Value.Validate(resource);
    }

    public static IReadOnlyList<OperationOutcome.IssueComponent> Errors(OperationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
    }
}
