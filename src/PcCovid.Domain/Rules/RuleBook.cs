using System.Globalization;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Rules;

/// <summary>
/// All versions of the rules, indexed for the one question the platform asks: which rule applies in
/// province P on date D. A province's override wins while it is in force; otherwise the national
/// version applies. The book holds the invariant that no two versions of one key and scope overlap.
/// Small (tens to hundreds of versions) and read on hot paths, so it lives in memory.
/// </summary>
public sealed class RuleBook
{
    private readonly Dictionary<(string Key, string Scope), List<RuleVersion>> _versions = [];

    /// <summary>Builds the book; throws a DomainException naming both versions if any two overlap.</summary>
    public RuleBook(IEnumerable<RuleVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        foreach (RuleVersion version in versions.OrderBy(v => v.EffectiveFrom))
        {
            List<RuleVersion> list = ListFor(version.Key, version.Scope);
            EnsureNoOverlap(list, version.EffectiveFrom, version.EffectiveTo, version.Describe());
            list.Add(version);
        }
    }

    public IEnumerable<RuleVersion> All => _versions.Values.SelectMany(v => v);

    /// <summary>The versions of one key, every scope, national first, each scope in date order.</summary>
    public IReadOnlyList<RuleVersion> VersionsOf(string key) =>
        _versions.Where(p => string.Equals(p.Key.Key, key, StringComparison.Ordinal))
            .OrderBy(p => p.Key.Scope == RuleScope.NationalText ? 0 : 1).ThenBy(p => p.Key.Scope, StringComparer.Ordinal)
            .SelectMany(p => p.Value).ToList();

    /// <summary>The version in force for a province (null: national) on a date; null when none is.</summary>
    public RuleVersion? For(string key, string? provinceCode, DateOnly date)
    {
        if (provinceCode is not null
            && _versions.TryGetValue((key, RuleScope.Province(provinceCode).ToString()), out List<RuleVersion>? overrides)
            && Find(overrides, date) is { } local)
        {
            return local;
        }

        return _versions.TryGetValue((key, RuleScope.NationalText), out List<RuleVersion>? national) ? Find(national, date) : null;
    }

    /// <summary>The typed value in force, or a DomainException saying that no rule covers the date.</summary>
    public T Require<T>(string key, string? provinceCode, DateOnly date)
        where T : class, IRuleValue
    {
        RuleVersion version = For(key, provinceCode, date) ?? throw new DomainException(string.Create(CultureInfo.InvariantCulture,
            $"Không có quy tắc {key} có hiệu lực ngày {date:dd/MM/yyyy} / No {key} rule is in force on {date:yyyy-MM-dd}."));
        return version.Value as T ?? throw new InvalidOperationException($"Rule {key} holds {version.Value.GetType().Name}, not {typeof(T).Name}.");
    }

    /// <summary>
    /// Adds a new version: the next number for its key and scope, after closing the open-ended version
    /// at the new start when <paramref name="closeOpenVersion"/> asks for it. Nothing changes if any
    /// check fails.
    /// </summary>
    /// <returns>The new version, and the version it closed, if any.</returns>
    public (RuleVersion Added, RuleVersion? Closed) Add(
        string key, RuleScope scope, DateOnly effectiveFrom, DateOnly? effectiveTo, string valueJson,
        IReadOnlyList<RuleCitation> citations, string? note, bool closeOpenVersion, DateTime nowUtc, Guid? by)
    {
        List<RuleVersion> list = ListFor(key, scope.ToString());
        int number = list.Count == 0 ? 1 : list.Max(v => v.Version) + 1;
        RuleVersion candidate = RuleVersion.Create(key, scope, number, effectiveFrom, effectiveTo, valueJson, citations, note, nowUtc, by);

        RuleVersion? toClose = null;
        if (closeOpenVersion)
        {
            toClose = list.SingleOrDefault(v => v.EffectiveTo is null)
                ?? throw new DomainException($"Không có phiên bản mở nào của {key} ({scope}) để kết thúc / There is no open-ended version of {key} ({scope}) to close.");
            if (toClose.EffectiveFrom >= effectiveFrom)
            {
                throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                    $"Phiên bản mới phải bắt đầu sau {toClose.Describe()} / The new version must start after {toClose.Describe()}."));
            }
        }

        EnsureNoOverlap(list.Where(v => !ReferenceEquals(v, toClose)), effectiveFrom, effectiveTo, candidate.Describe());
        if (toClose is not null)
        {
            // Checked on its own too: the closed version keeps [from, new from), which touches nothing else.
            EnsureNoOverlap(list.Where(v => !ReferenceEquals(v, toClose)), toClose.EffectiveFrom, effectiveFrom, toClose.Describe());
            toClose.CloseAt(effectiveFrom, nowUtc, by);
        }

        list.Add(candidate);
        list.Sort((a, b) => a.EffectiveFrom.CompareTo(b.EffectiveFrom));
        return (candidate, toClose);
    }

    private static RuleVersion? Find(List<RuleVersion> versions, DateOnly date)
    {
        // A handful of versions per key and scope, sorted: a backwards scan finds the latest start first.
        for (int i = versions.Count - 1; i >= 0; i--)
        {
            RuleVersion version = versions[i];
            if (version.EffectiveFrom <= date)
            {
                return version.AppliesOn(date) ? version : null;
            }
        }

        return null;
    }

    private static void EnsureNoOverlap(IEnumerable<RuleVersion> existing, DateOnly from, DateOnly? to, string candidate)
    {
        RuleVersion? conflict = existing.FirstOrDefault(v => v.Overlaps(from, to));
        if (conflict is not null)
        {
            throw new DomainException(
                $"{candidate} trùng thời gian với phiên bản {conflict.Version} ({conflict.Describe()}, {conflict.SourceDocument}) / " +
                $"{candidate} overlaps version {conflict.Version} ({conflict.Describe()}, {conflict.SourceDocument}).");
        }
    }

    private List<RuleVersion> ListFor(string key, string scope)
    {
        if (!_versions.TryGetValue((key, scope), out List<RuleVersion>? list))
        {
            list = [];
            _versions[(key, scope)] = list;
        }

        return list;
    }
}
