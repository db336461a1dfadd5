using Microsoft.AspNetCore.Diagnostics;
using PcCovid.Domain.Common;

namespace PcCovid.Web.Infrastructure;

/// <summary>A broken domain rule is the caller's error: 400 with the rule's words as ProblemDetails.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not DomainException domainException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Title = "The request breaks a rule", Detail = domainException.Message, Status = StatusCodes.Status400BadRequest },
        }).ConfigureAwait(false);
    }
}
