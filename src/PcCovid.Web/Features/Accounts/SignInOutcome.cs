namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// The answer to a sign-in step. Failures carry one wording for every cause a stranger could probe
/// (unknown number, wrong, expired, used or locked-out code), so the answer never tells whether a
/// number has an account.
/// </summary>
public sealed record SignInOutcome(bool Succeeded, string? Problem, TimeSpan? RetryAfter = null, string? Next = null)
{
    public const string GenericCodeFailure = "Mã không đúng, đã hết hạn hoặc đã được dùng. Hãy yêu cầu mã mới. / The code is wrong, expired or already used. Request a new code.";

    public static SignInOutcome Success(string? next = null) => new(true, null, null, next);

    public static SignInOutcome Failure(string problem) => new(false, problem);

    public static SignInOutcome TooSoon(TimeSpan retryAfter) => new(
        false,
        $"Đã gửi quá nhiều mã đến số này. Thử lại sau {Math.Ceiling(retryAfter.TotalSeconds)} giây. / Too many codes were sent to this number. Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.",
        retryAfter);
}
