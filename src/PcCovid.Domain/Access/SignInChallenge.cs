namespace PcCovid.Domain.Access;

/// <summary>What became of one try at a one-time code.</summary>
public enum CodeCheck
{
    Accepted = 1,
    Wrong = 2,
    Expired = 3,
    AlreadyUsed = 4,
    TooManyAttempts = 5,
}

/// <summary>
/// One code sent to a phone. Identity generates and checks the code itself; this record adds what
/// Identity does not: a lifetime on the platform's clock, a cap on tries per code, single use, and the
/// history the per-number resend limits count. It holds no code, only when and how it was used.
/// </summary>
public sealed class SignInChallenge
{
    private SignInChallenge()
    {
    }

    public long Id { get; private set; }

    public Guid AccountId { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    public int Attempts { get; private set; }

    public DateTime? ConsumedAtUtc { get; private set; }

    public static SignInChallenge Issue(Guid accountId, DateTime nowUtc, TimeSpan lifetime) => new()
    {
        AccountId = accountId,
        IssuedAtUtc = nowUtc,
        ExpiresAtUtc = nowUtc + lifetime,
    };

    /// <summary>
    /// Counts a try before the code is checked, so a guess that arrives after the limit is refused
    /// without asking whether it was right.
    /// </summary>
    public CodeCheck BeginAttempt(DateTime nowUtc, int maxAttempts)
    {
        if (ConsumedAtUtc is not null)
        {
            return CodeCheck.AlreadyUsed;
        }

        if (nowUtc >= ExpiresAtUtc)
        {
            return CodeCheck.Expired;
        }

        if (Attempts >= maxAttempts)
        {
            return CodeCheck.TooManyAttempts;
        }

        Attempts++;
        return CodeCheck.Accepted;
    }

    public void Consume(DateTime nowUtc) => ConsumedAtUtc ??= nowUtc;
}
