using PcCovid.Domain.Common;

namespace PcCovid.Domain.People;

/// <summary>A phone number known for a person, with where it came from. A family may share one number.</summary>
public sealed class PersonPhone
{
    internal PersonPhone(string e164, bool convertedFromOldNumber, Provenance provenance)
    {
        if (e164 is null || !e164.StartsWith('+'))
        {
            throw new DomainException("Phone numbers are stored in E.164 form.");
        }

        E164 = e164;
        ConvertedFromOldNumber = convertedFromOldNumber;
        Provenance = provenance;
    }

    /// <summary>
    /// A number for a stored person whose aggregate is not loaded (the migration's bulk path): the caller has read the
    /// person's numbers and this one is not among them, as <see cref="Person.AddPhone"/> checks; the store's unique
    /// (person, number) key holds the rule as well.
    /// </summary>
    public static PersonPhone ForStoredPerson(long personId, string e164, bool convertedFromOldNumber, Provenance provenance) =>
        new(e164, convertedFromOldNumber, provenance) { PersonId = personId };

    private PersonPhone()
    {
        E164 = string.Empty;
        Provenance = null!;
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public string E164 { get; private set; }

    /// <summary>True when the number was given in its pre-2018 11-digit form and converted.</summary>
    public bool ConvertedFromOldNumber { get; private set; }

    public Provenance Provenance { get; private set; }
}
