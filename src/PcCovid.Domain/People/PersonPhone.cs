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

    /// <summary>The age from which a self-declared number can be a person's own (sign-in, "has a phone").</summary>
    public const int AdultAge = 18;

    /// <summary>The age from which a person sharing a family's number is taken not to be its owner (the household guardianship's elderly).</summary>
    public const int ElderlyAge = 60;

    /// <summary>
    /// Whether a number a person holds is their own: one the population database gives them (authoritative), or one
    /// self-declared in an old app when they are an adult and nobody else of working age (18 to 59) holds it. The old
    /// apps give a person whatever number was typed on their record — a parent's on a child's declaration, a son's on
    /// his mother's vaccination, one number for a whole family — so a self-declared number speaks for its holder only
    /// where no other holder could as well be its owner: minors' records are filled in by their parents and elders
    /// often give their children's number, so neither contests it; another adult of working age does. Minors are never
    /// confirmed by a self-declared number (their household guardian acts for them).
    /// </summary>
    public static bool IsOwnNumber(bool authoritative, DateOnly holderBorn, bool heldByAnotherOfWorkingAge, DateOnly today) =>
        authoritative || (holderBorn <= AdultsBornOnOrBefore(today) && !heldByAnotherOfWorkingAge);

    /// <summary>The latest birth date of a person of <see cref="AdultAge"/> today (a year-only birth date counts from the 1st of January).</summary>
    public static DateOnly AdultsBornOnOrBefore(DateOnly today) => today.AddYears(-AdultAge);

    /// <summary>The latest birth date of a person of <see cref="ElderlyAge"/> today (a year-only birth date counts from the 1st of January).</summary>
    public static DateOnly ElderlyBornOnOrBefore(DateOnly today) => today.AddYears(-ElderlyAge);

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
