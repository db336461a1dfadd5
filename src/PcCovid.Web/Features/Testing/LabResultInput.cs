using PcCovid.Domain.Testing;

namespace PcCovid.Web.Features.Testing;

/// <summary>A result as a lab sent it (API or one CSV row), times already in UTC, before matching.</summary>
public sealed record LabResultInput(
    string SampleId,
    string? PoolId,
    string FullName,
    int? BirthYear,
    string? IdNumber,
    string? Phone,
    LabTestType TestType,
    LabOutcome Outcome,
    decimal? Ct,
    DateTime SampledAtUtc,
    DateTime ReportedAtUtc)
{
    /// <summary>The line of the file (0 for the API).</summary>
    public long LineNumber { get; init; }
}
