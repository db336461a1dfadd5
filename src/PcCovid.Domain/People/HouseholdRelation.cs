namespace PcCovid.Domain.People;

/// <summary>Relation to the head of household, as the population database records it.</summary>
public enum HouseholdRelation
{
    Other = 0,
    Head = 1,
    Wife = 2,
    Husband = 3,
    Child = 4,
    Father = 5,
    Mother = 6,
    Grandfather = 7,
    Grandmother = 8,
    Grandchild = 9,
    OlderBrother = 10,
    OlderSister = 11,
    YoungerSibling = 12,
}
