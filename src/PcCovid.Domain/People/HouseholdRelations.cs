namespace PcCovid.Domain.People;

/// <summary>The Vietnamese terms of <c>quan_he_chu_ho</c> and their meaning.</summary>
public static class HouseholdRelations
{
    private static readonly Dictionary<string, HouseholdRelation> s_byTerm = new(StringComparer.Ordinal)
    {
        ["Chủ hộ"] = HouseholdRelation.Head,
        ["Vợ"] = HouseholdRelation.Wife,
        ["Chồng"] = HouseholdRelation.Husband,
        ["Con"] = HouseholdRelation.Child,
        ["Cha"] = HouseholdRelation.Father,
        ["Mẹ"] = HouseholdRelation.Mother,
        ["Ông"] = HouseholdRelation.Grandfather,
        ["Bà"] = HouseholdRelation.Grandmother,
        ["Cháu"] = HouseholdRelation.Grandchild,
        ["Anh"] = HouseholdRelation.OlderBrother,
        ["Chị"] = HouseholdRelation.OlderSister,
        ["Em"] = HouseholdRelation.YoungerSibling,
        ["Khác"] = HouseholdRelation.Other,
    };

    private static readonly Dictionary<HouseholdRelation, string> s_termByRelation =
        s_byTerm.ToDictionary(pair => pair.Value, pair => pair.Key);

    public static bool TryParse(string term, out HouseholdRelation relation) => s_byTerm.TryGetValue(term, out relation);

    public static string ToVietnamese(HouseholdRelation relation) => s_termByRelation[relation];
}
