using PcCovid.Domain.Common;

namespace PcCovid.Domain.Migration;

/// <summary>
/// A health-insurance card number (thẻ BHYT) from the electronic health book (legacy-sources.md §4):
/// 2 letters, 1 digit, 2 digits of province, 10 digits of social-insurance number.
/// </summary>
public sealed class HealthInsuranceCard
{
    private HealthInsuranceCard()
    {
        CardNumber = string.Empty;
        Provenance = null!;
        SourceKey = string.Empty;
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public string CardNumber { get; private set; }

    public Provenance Provenance { get; private set; }

    public string SourceKey { get; private set; }

    public static bool IsWellFormed(string? number) =>
        number is { Length: 15 } n && char.IsAsciiLetterUpper(n[0]) && char.IsAsciiLetterUpper(n[1]) && n.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0;

    public static HealthInsuranceCard Record(long personId, string cardNumber, Provenance provenance)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        if (!IsWellFormed(cardNumber))
        {
            throw new DomainException("Số thẻ BHYT gồm 2 chữ cái và 13 chữ số / a health-insurance card number is 2 letters and 13 digits");
        }

        return new HealthInsuranceCard
        {
            PersonId = personId,
            CardNumber = cardNumber,
            Provenance = provenance,
            SourceKey = provenance.SourceSystem + ":" + provenance.SourceRecordId,
        };
    }

    public void MoveTo(long personId) => PersonId = personId;
}
