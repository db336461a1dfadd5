namespace PcCovid.Domain.People;

/// <summary>A normalised phone: E.164 when valid, whether the 2018 conversion was applied, or why it is invalid.</summary>
public sealed record NormalizedPhone(string? E164, bool ConvertedFromOldNumber, string? Problem)
{
    public bool IsValid => E164 is not null;

    public static NormalizedPhone Invalid(string problem) => new(null, false, problem);
}
