namespace PcCovid.Domain.Declarations;

/// <summary>
/// A person on the local CDC's follow-up list because a declaration reported symptoms or an exposure
/// (PRODUCT.md §2.3). Kept by commune: the commune of the declaration's contact address, else the
/// person's residence.
/// </summary>
public sealed class FollowUpEntry
{
    private FollowUpEntry()
    {
        CommuneCode = string.Empty;
        Reason = string.Empty;
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public long DeclarationId { get; private set; }

    public string? ProvinceCode { get; private set; }

    public string? DistrictCode { get; private set; }

    public string CommuneCode { get; private set; }

    /// <summary>The symptom and exposure codes that put the person on the list.</summary>
    public string Reason { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public static FollowUpEntry For(HealthDeclaration declaration, string provinceCode, string districtCode, string communeCode, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        string reason = string.Join(',', new[] { declaration.Symptoms, declaration.Exposures }.Where(s => s.Length > 0));
        return new FollowUpEntry
        {
            PersonId = declaration.PersonId,
            DeclarationId = declaration.Id,
            ProvinceCode = provinceCode,
            DistrictCode = districtCode,
            CommuneCode = communeCode,
            Reason = reason.Length <= 300 ? reason : reason[..300],
            CreatedAtUtc = nowUtc,
        };
    }

    public void Close(DateTime nowUtc) => ClosedAtUtc ??= nowUtc;
}
