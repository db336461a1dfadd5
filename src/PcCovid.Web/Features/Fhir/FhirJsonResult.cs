using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;

namespace PcCovid.Web.Features.Fhir;

/// <summary>A FHIR resource written as <c>application/fhir+json</c> by the Firely serialiser.</summary>
public sealed class FhirJsonResult(Resource resource, int statusCode = StatusCodes.Status200OK, string? location = null) : IResult
{
    public const string ContentType = "application/fhir+json; charset=utf-8";

    public Resource Resource { get; } = resource;

    public int StatusCode { get; } = statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCode;
        httpContext.Response.ContentType = ContentType;
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        await httpContext.Response.WriteAsync(Resource.ToJson(), httpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An OperationOutcome carrying one error (FHIR's ProblemDetails).</summary>
    public static FhirJsonResult Problem(int statusCode, OperationOutcome.IssueType type, string message, string? expression = null)
    {
        var outcome = new OperationOutcome();
        var issue = new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = message };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        outcome.Issue.Add(issue);
        return new FhirJsonResult(outcome, statusCode);
    }
}
