using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Rules;

/// <summary>What an administrator sends for a new version of a rule.</summary>
/// <param name="Scope">"national" or "province:NN" (or just "NN").</param>
/// <param name="EffectiveFrom">First day in force.</param>
/// <param name="EffectiveTo">First day no longer in force (exclusive); null for open-ended.</param>
/// <param name="Value">The typed value of the rule kind, as JSON.</param>
/// <param name="Citations">The source of each value, with its certainty (V, P, R).</param>
/// <param name="Note">Free text: what changed and why.</param>
/// <param name="CloseOpenVersion">Also end the scope's open-ended version on <paramref name="EffectiveFrom"/>.</param>
public sealed record NewRuleVersion(string? Scope, DateOnly EffectiveFrom, DateOnly? EffectiveTo, JsonElement Value, IReadOnlyList<RuleCitation>? Citations, string? Note, bool CloseOpenVersion);

/// <summary>
/// An administrator adds a version of a rule: never an overwrite. A national administrator may add any
/// scope; a provincial one only their province's overrides. The version, the closing of the previous
/// one (when asked) and the audit entry are saved together, or nothing is.
/// </summary>
public sealed class AddRuleVersion(PcCovidDbContext db, ReferenceData reference, CurrentActor actor, AuditTrail audit, RuleCache cache, TimeProvider clock)
{
    public async Task<RuleVersion> HandleAsync(string key, NewRuleVersion request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RuleKeys.EnsureKnown(key);
        RuleScope scope = RuleScope.Parse(request.Scope);
        if (scope.ProvinceCode is { } province && reference.Catalog.FindProvince(province) is null)
        {
            throw new DomainException($"Mã tỉnh không tồn tại / Unknown province code: {province}.");
        }

        AccessScope own = actor.Scope ?? throw new InvalidOperationException("An administrator always has a scope.");
        if (own.Kind != ScopeKind.National && (own.Kind != ScopeKind.Province || scope.ProvinceCode != own.Code))
        {
            throw new DomainException("Phạm vi này nằm ngoài quyền quản trị của bạn. / This scope is outside your administration.");
        }

        if (request.Value.ValueKind != JsonValueKind.Object)
        {
            throw new DomainException($"Cần giá trị của quy tắc {key} (một đối tượng JSON) / The value of rule {key} is required (a JSON object).");
        }

        List<RuleVersion> versions = await db.RuleVersions.Where(v => v.Key == key).ToListAsync(cancellationToken).ConfigureAwait(false);
        var book = new RuleBook(versions);
        Guid? by = actor.AccountId;
        (RuleVersion added, RuleVersion? closed) = book.Add(key, scope, request.EffectiveFrom, request.EffectiveTo, request.Value.GetRawText(),
            request.Citations ?? [], request.Note, request.CloseOpenVersion, clock.GetUtcNow().UtcDateTime, by);
        db.RuleVersions.Add(added);

        string detail = $"{added.Describe()}{(closed is null ? string.Empty : $"; closed v{closed.Version}")}";
        audit.Record(new AuditActor(by, actor.RoleName, own.ToString(), actor.SourceAddress), AuditActions.RuleVersionAdd, null, null,
            detail.Length > AuditEntry.MaxDetailLength ? detail[..AuditEntry.MaxDetailLength] : detail);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException exception)
        {
            // The unique (key, scope, version): someone else added a version of this rule at the same moment.
            throw new DomainException("Quy tắc vừa được người khác thay đổi; hãy thử lại / The rule was changed by someone else just now; try again.", exception);
        }

        cache.Invalidate();
        return added;
    }
}
