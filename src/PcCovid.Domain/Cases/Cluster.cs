using PcCovid.Domain.Common;

namespace PcCovid.Domain.Cases;

/// <summary>
/// A cluster (ổ dịch): cases grouped by an epidemiologist around one place or event — a market, a factory, a
/// hospital, a wedding. It is located in a commune (its jurisdiction: who may see and change it) and may name the
/// venue. A case belongs to any number of clusters; each membership says who added it and when.
/// </summary>
public sealed class Cluster
{
    public static readonly IReadOnlyList<string> Kinds = ["market", "factory", "hospital", "school", "residential", "event", "transport", "other"];

    private Cluster()
    {
        Name = string.Empty;
        Kind = string.Empty;
        ProvinceCode = string.Empty;
        DistrictCode = string.Empty;
        CommuneCode = string.Empty;
    }

    public long Id { get; private set; }

    /// <summary>NFC, 1–200 characters ("Chợ Long Biên").</summary>
    public string Name { get; private set; }

    /// <summary>One of <see cref="Kinds"/>.</summary>
    public string Kind { get; private set; }

    public string ProvinceCode { get; private set; }

    public string DistrictCode { get; private set; }

    public string CommuneCode { get; private set; }

    /// <summary>The venue of the outbreak, when it has a QR venue.</summary>
    public long? VenueId { get; private set; }

    /// <summary>The first day of the outbreak known (Vietnam).</summary>
    public DateOnly? StartedOn { get; private set; }

    public string? Description { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public List<ClusterCase> Cases { get; private set; } = [];

    public static Cluster Create(string name, string kind, string provinceCode, string districtCode, string communeCode, long? venueId, DateOnly? startedOn,
        string? description, Guid createdBy, DateTime nowUtc)
    {
        string clean = VietnameseText.Clean(name ?? string.Empty);
        if (clean.Length is 0 or > 200)
        {
            throw new DomainException("Tên ổ dịch cần 1–200 ký tự / A cluster name needs 1–200 characters.");
        }

        if (kind is null || !Kinds.Contains(kind, StringComparer.Ordinal))
        {
            throw new DomainException($"Loại ổ dịch là một trong {string.Join(", ", Kinds)} / The kind is one of {string.Join(", ", Kinds)}.");
        }

        string? text = string.IsNullOrWhiteSpace(description) ? null : VietnameseText.Clean(description);
        if (text?.Length > 2000)
        {
            throw new DomainException("Mô tả tối đa 2000 ký tự / The description is 2,000 characters at most.");
        }

        if (startedOn is { } day && day > DateOnly.FromDateTime(VietnamTime.ToVietnam(nowUtc).DateTime))
        {
            throw new DomainException("Ngày bắt đầu ở tương lai / The start date is in the future.");
        }

        return new Cluster
        {
            Name = clean,
            Kind = kind,
            ProvinceCode = provinceCode,
            DistrictCode = districtCode,
            CommuneCode = communeCode,
            VenueId = venueId,
            StartedOn = startedOn,
            Description = text,
            CreatedBy = createdBy,
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
        };
    }

    /// <summary>Adds a case; false when it is already a member (adding twice changes nothing).</summary>
    public bool Add(long caseId, Guid addedBy, DateTime nowUtc)
    {
        if (Cases.Any(c => c.CaseId == caseId))
        {
            return false;
        }

        Cases.Add(new ClusterCase(caseId, addedBy, nowUtc));
        UpdatedAtUtc = nowUtc;
        return true;
    }

    /// <summary>Removes a case; false when it was not a member.</summary>
    public bool Remove(long caseId, DateTime nowUtc)
    {
        ClusterCase? member = Cases.SingleOrDefault(c => c.CaseId == caseId);
        if (member is null)
        {
            return false;
        }

        Cases.Remove(member);
        UpdatedAtUtc = nowUtc;
        return true;
    }
}

/// <summary>A case in a cluster.</summary>
public sealed class ClusterCase
{
    private ClusterCase()
    {
    }

    internal ClusterCase(long caseId, Guid addedBy, DateTime nowUtc)
    {
        CaseId = caseId;
        AddedBy = addedBy;
        AddedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public long ClusterId { get; private set; }

    public long CaseId { get; private set; }

    public Guid AddedBy { get; private set; }

    public DateTime AddedAtUtc { get; private set; }
}
