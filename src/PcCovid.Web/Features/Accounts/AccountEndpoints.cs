using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using PcCovid.Domain.Access;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// Sign-in over the API (the pages call the same use cases): citizens by phone and code, staff by
/// password and authenticator. Every sign-in endpoint is rate-limited per client address.
/// </summary>
public static class AccountEndpoints
{
    public sealed record CodeRequest(string? Phone);

    public sealed record CodeSignIn(string? Phone, string? Code);

    public sealed record IdentityConfirmation(string? CitizenId, string? BirthDate);

    public sealed record PasswordSignIn(string? UserName, string? Password);

    public sealed record AuthenticatorCode(string? Code);

    public sealed record SignInStep(string Status, string? Next);

    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder auth = routes.MapGroup("/api/auth").WithTags("Sign-in");
        auth.MapPost("/citizen/code", RequestCodeAsync).AllowAnonymous().RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithSummary("Send a one-time code to a phone number (same answer whether or not the number is known)");
        auth.MapPost("/citizen/sign-in", SignInWithCodeAsync).AllowAnonymous().RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithSummary("Sign in with the code");
        auth.MapPost("/citizen/confirm-identity", ConfirmIdentityAsync).RequireAuthorization(AccessPolicies.CitizenPendingConfirmation).RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithSummary("First sign-in: confirm who you are with citizen ID and birth date");
        auth.MapPost("/staff/sign-in", StaffPasswordAsync).AllowAnonymous().RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithSummary("Staff: user name and password");
        auth.MapPost("/staff/second-factor", StaffSecondFactorAsync).AllowAnonymous().RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithSummary("Staff: the authenticator code after the password");
        auth.MapGet("/staff/authenticator", BeginEnrolmentAsync).RequireAuthorization(AccessPolicies.StaffEnrolling)
            .WithSummary("Staff: the authenticator key to enrol (first sign-in)");
        auth.MapPost("/staff/authenticator", CompleteEnrolmentAsync).RequireAuthorization(AccessPolicies.StaffEnrolling).RequireRateLimiting(SecuritySetup.SignInRateLimit)
            .WithSummary("Staff: prove the authenticator with a code; the second factor is then required");
        auth.MapPost("/sign-out", SignOutAsync).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute())
            .WithSummary("End this session");
        return auth;
    }

    public static async Task<Results<Accepted<SignInStep>, ProblemHttpResult>> RequestCodeAsync(CodeRequest request, RequestSignInCode useCase, CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await useCase.HandleAsync(request?.Phone, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded
            ? TypedResults.Accepted((string?)null, new SignInStep("code-sent", "sign-in"))
            : Problem(outcome);
    }

    public static async Task<Results<Ok<SignInStep>, ProblemHttpResult>> SignInWithCodeAsync(CodeSignIn request, VerifySignInCode useCase, CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await useCase.HandleAsync(request?.Phone, request?.Code, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? TypedResults.Ok(new SignInStep("signed-in", outcome.Next)) : Problem(outcome);
    }

    public static async Task<Results<Ok<SignInStep>, ProblemHttpResult>> ConfirmIdentityAsync(
        IdentityConfirmation request, ConfirmIdentity useCase, CurrentActor actor, CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await useCase.HandleAsync(actor.RequireAccountId(), request?.CitizenId, request?.BirthDate, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? TypedResults.Ok(new SignInStep("confirmed", null)) : Problem(outcome);
    }

    public static async Task<Results<Ok<SignInStep>, ProblemHttpResult>> StaffPasswordAsync(PasswordSignIn request, SignInStaff useCase, CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await useCase.WithPasswordAsync(request?.UserName, request?.Password, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? TypedResults.Ok(new SignInStep("password-accepted", outcome.Next)) : Problem(outcome, StatusCodes.Status401Unauthorized);
    }

    public static async Task<Results<Ok<SignInStep>, ProblemHttpResult>> StaffSecondFactorAsync(AuthenticatorCode request, SignInStaff useCase, CancellationToken cancellationToken)
    {
        SignInOutcome outcome = await useCase.WithAuthenticatorCodeAsync(request?.Code, cancellationToken).ConfigureAwait(false);
        return outcome.Succeeded ? TypedResults.Ok(new SignInStep("signed-in", null)) : Problem(outcome, StatusCodes.Status401Unauthorized);
    }

    public static async Task<Results<Ok<AuthenticatorSetup>, Conflict>> BeginEnrolmentAsync(EnrollAuthenticator useCase, CurrentActor actor)
    {
        AuthenticatorSetup? setup = await useCase.BeginAsync(actor.RequireAccountId()).ConfigureAwait(false);
        return setup is null ? TypedResults.Conflict() : TypedResults.Ok(setup);
    }

    public static async Task<Results<Ok<SignInStep>, ProblemHttpResult>> CompleteEnrolmentAsync(AuthenticatorCode request, EnrollAuthenticator useCase, CurrentActor actor)
    {
        SignInOutcome outcome = await useCase.CompleteAsync(actor.RequireAccountId(), request?.Code).ConfigureAwait(false);
        return outcome.Succeeded ? TypedResults.Ok(new SignInStep("signed-in", null)) : Problem(outcome);
    }

    public static async Task<NoContent> SignOutAsync(SignInManager<Account> signIn)
    {
        await signIn.SignOutAsync().ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Problem(SignInOutcome outcome, int status = StatusCodes.Status400BadRequest)
    {
        if (outcome.RetryAfter is { } retry)
        {
            return TypedResults.Problem(outcome.Problem, statusCode: StatusCodes.Status429TooManyRequests, title: "Quá nhiều mã / Too many codes",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = (int)Math.Ceiling(retry.TotalSeconds) });
        }

        return TypedResults.Problem(outcome.Problem, statusCode: status, title: "Đăng nhập không thành công / Sign-in failed");
    }
}
