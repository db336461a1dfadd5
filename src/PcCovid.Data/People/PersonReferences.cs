using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Tracing;
using PcCovid.Domain.Vaccination;

namespace PcCovid.Data.People;

/// <summary>
/// Every column of the model that holds a person's id and moves when a data steward merges two persons
/// (<see cref="PersonMerge"/>), with the set-based moves: one SELECT of the keys and one UPDATE per column,
/// never a statement per row. The columns left out are in <see cref="NotMoved"/> with the reason; a test
/// walks the model so that a new person column is either here or there.
/// </summary>
public static class PersonReferences
{
    /// <summary>Person columns a merge leaves where they are, and why (entity type name → property → reason).</summary>
    public static readonly IReadOnlyDictionary<string, string> NotMoved = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AuditEntry.SubjectPersonId"] = "the audit trail is append-only history: who was read stays as it was",
        ["QrSigningKey.PersonId"] = "the personal QR key is the absorbed person's own key (its primary key); the survivor keeps its own",
        ["PrintedQrRevocation.PersonId"] = "a revoked printed QR code of the absorbed person stays revoked under the id it was printed for",
        ["PersonMerge.SurvivorPersonId"] = "the merge record itself",
        ["PersonMerge.AbsorbedPersonId"] = "the merge record itself",
        ["Person.MergedIntoPersonId"] = "the merge mark itself",
    };

    /// <summary>The moved columns, in the order a merge moves them.</summary>
    public static readonly IReadOnlyList<PersonReference> All =
    [
        // A phone both persons have stays with the absorbed person (the pair person+number is unique);
        // lookups by it follow the merge mark to the survivor anyway.
        new PersonReference<PersonPhone, long, long>("phones", nameof(PersonPhone.PersonId), p => p.Id,
            (db, _, to) => p => !db.PersonPhones.Any(q => q.PersonId == to && q.E164 == p.E164)),
        new PersonReference<Account, long?, Guid>("accounts", nameof(Account.PersonId), a => a.Id),
        new PersonReference<Account, long?, Guid>(null, nameof(Account.ActingForPersonId), a => a.Id),
        new PersonReference<Guardianship, long, long>("guardianships", nameof(Guardianship.GuardianPersonId), g => g.Id),
        new PersonReference<Guardianship, long, long>("dependants", nameof(Guardianship.DependantPersonId), g => g.Id),
        new PersonReference<Guardianship, long?, long>(null, nameof(Guardianship.RevokedByPersonId), g => g.Id),
        new PersonReference<HealthDeclaration, long, long>("declarations", nameof(HealthDeclaration.PersonId), d => d.Id),
        new PersonReference<HealthDeclaration, long?, long>(null, nameof(HealthDeclaration.DeclaredByPersonId), d => d.Id),
        new PersonReference<FollowUpEntry, long, long>("follow-ups", nameof(FollowUpEntry.PersonId), e => e.Id),
        new PersonReference<LabResult, long?, long>("lab-results", nameof(LabResult.PersonId), r => r.Id),
        new PersonReference<RetestOrder, long, long>("retest-orders", nameof(RetestOrder.PersonId), o => o.Id),
        new PersonReference<Dose, long, long>("doses", nameof(Dose.PersonId), d => d.Id),
        new PersonReference<DoseReview, long?, long>(null, nameof(DoseReview.MatchedPersonId), r => r.Id),
        new PersonReference<DoseReview, long?, long>(null, nameof(DoseReview.LinkedPersonId), r => r.Id),
        new PersonReference<Case, long, long>("cases", nameof(Case.PersonId), c => c.Id),
        new PersonReference<CaseEvent, long, long>(null, nameof(CaseEvent.PersonId), e => e.Id),
        new PersonReference<CaseContact, long?, long>("contacts", nameof(CaseContact.PersonId), c => c.Id),
        new PersonReference<CaseContact, long?, long>(null, nameof(CaseContact.ViaPersonId), c => c.Id),
        new PersonReference<Notification, long, long>("notifications", nameof(Notification.PersonId), n => n.Id),
        new PersonReference<BluetoothEncounter, long, long>("bluetooth-encounters", nameof(BluetoothEncounter.UploaderPersonId), e => e.Id),
        new PersonReference<BluetoothEncounter, long, long>(null, nameof(BluetoothEncounter.SeenPersonId), e => e.Id),
        new PersonReference<LegacyLink, long?, long>("legacy-links", nameof(LegacyLink.PersonId), l => l.Id),
        new PersonReference<LegacyEncounter, long?, long>("legacy-encounters", nameof(LegacyEncounter.UploaderPersonId), e => e.Id),
        new PersonReference<LegacyEncounter, long?, long>(null, nameof(LegacyEncounter.SeenPersonId), e => e.Id),
        new PersonReference<HeldClaim, long?, long>("claims", nameof(HeldClaim.DecidedForPersonId), c => c.Id),
        new PersonReference<HeldClaim, long?, long>(null, nameof(HeldClaim.DecidedByPersonId), c => c.Id),
        new PersonReference<HealthInsuranceCard, long, long>("insurance-cards", nameof(HealthInsuranceCard.PersonId), c => c.Id),
        new PersonReference<QuarantineOrder, long, long>("quarantine-orders", nameof(QuarantineOrder.PersonId), o => o.Id),
        new PersonReference<SymptomCheckIn, long, long>("symptom-check-ins", nameof(SymptomCheckIn.PersonId), s => s.Id),
        new PersonReference<SymptomCheckIn, long, long>(null, nameof(SymptomCheckIn.ReportedByPersonId), s => s.Id),
        new PersonReference<CorrectionRequest, long, long>("correction-requests", nameof(CorrectionRequest.PersonId), r => r.Id),
        new PersonReference<CorrectionRequest, long, long>(null, nameof(CorrectionRequest.RequestedByPersonId), r => r.Id),
    ];

    /// <summary>The reference that moved <paramref name="column"/> of <paramref name="table"/> (database names, as a merge recorded them).</summary>
    public static PersonReference? Find(PcCovidDbContext db, string table, string column) =>
        All.FirstOrDefault(r => string.Equals(r.TableName(db), table, StringComparison.Ordinal) && string.Equals(r.ColumnName(db), column, StringComparison.Ordinal));
}

/// <summary>One person column of one entity: how to count, move and move back its rows.</summary>
public abstract class PersonReference
{
    /// <summary>The kind of fact shown to a steward (counts side by side), or null for a secondary column of the same rows.</summary>
    public abstract string? Kind { get; }

    public abstract string EntityName { get; }

    public abstract string Property { get; }

    /// <summary>The table in the database (from the model).</summary>
    public abstract string TableName(PcCovidDbContext db);

    /// <summary>The person column in the database (from the model).</summary>
    public abstract string ColumnName(PcCovidDbContext db);

    public abstract Task<int> CountAsync(PcCovidDbContext db, long personId, CancellationToken cancellationToken);

    /// <summary>Moves the rows of <paramref name="fromPersonId"/> to <paramref name="toPersonId"/>: one SELECT of their keys, one UPDATE; returns the keys moved.</summary>
    public abstract Task<IReadOnlyList<string>> MoveAsync(PcCovidDbContext db, long fromPersonId, long toPersonId, CancellationToken cancellationToken);

    /// <summary>Moves exactly these rows back (those still on <paramref name="fromPersonId"/>); one UPDATE. Returns how many.</summary>
    public abstract Task<int> MoveBackAsync(PcCovidDbContext db, IReadOnlyList<string> rowKeys, long fromPersonId, long toPersonId, CancellationToken cancellationToken);
}

/// <summary>A person column <typeparamref name="TColumn"/> (long or long?) of <typeparamref name="T"/> whose key is <typeparamref name="TKey"/>.</summary>
public sealed class PersonReference<T, TColumn, TKey> : PersonReference
    where T : class
{
    private readonly string? _kind;
    private readonly string _property;
    private readonly Expression<Func<T, TColumn>> _column;
    private readonly Expression<Func<T, TKey>> _key;
    private readonly Func<PcCovidDbContext, long, long, Expression<Func<T, bool>>>? _movable;

    public PersonReference(string? kind, string property, Expression<Func<T, TKey>> key, Func<PcCovidDbContext, long, long, Expression<Func<T, bool>>>? movable = null)
    {
        _kind = kind;
        _property = property;
        _key = key;
        _movable = movable;
        ParameterExpression e = key.Parameters[0];
        _column = Expression.Lambda<Func<T, TColumn>>(Expression.Property(e, property), e);
    }

    public override string? Kind => _kind;

    public override string EntityName => typeof(T).Name;

    public override string Property => _property;

    public override string TableName(PcCovidDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Model.FindEntityType(typeof(T))!.GetTableName()!;
    }

    public override string ColumnName(PcCovidDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        IEntityType entity = db.Model.FindEntityType(typeof(T))!;
        return entity.FindProperty(_property)!.GetColumnName(StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()))!;
    }

    public override Task<int> CountAsync(PcCovidDbContext db, long personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<T>().Where(Is(personId)).CountAsync(cancellationToken);
    }

    public override async Task<IReadOnlyList<string>> MoveAsync(PcCovidDbContext db, long fromPersonId, long toPersonId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        IQueryable<T> rows = db.Set<T>().Where(Is(fromPersonId));
        if (_movable is not null)
        {
            rows = rows.Where(_movable(db, fromPersonId, toPersonId));
        }

        List<TKey> keys = await rows.Select(_key).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Count > 0)
        {
            await UpdateAsync(db, keys, fromPersonId, toPersonId, cancellationToken).ConfigureAwait(false);
        }

        return keys.Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)!).ToList();
    }

    public override Task<int> MoveBackAsync(PcCovidDbContext db, IReadOnlyList<string> rowKeys, long fromPersonId, long toPersonId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rowKeys);
        List<TKey> keys = rowKeys.Select(Parse).ToList();
        return keys.Count == 0 ? Task.FromResult(0) : UpdateAsync(db, keys, fromPersonId, toPersonId, cancellationToken);
    }

    private Task<int> UpdateAsync(PcCovidDbContext db, List<TKey> keys, long fromPersonId, long toPersonId, CancellationToken cancellationToken)
    {
        TColumn target = (TColumn)(object)toPersonId;
        return db.Set<T>()
            .Where(Is(fromPersonId))
            .Where(In(keys))
            .ExecuteUpdateAsync(s => s.SetProperty(_column, target), cancellationToken);
    }

    private Expression<Func<T, bool>> Is(long personId)
    {
        // Through a closure so that EF sends the id as a parameter, not as a constant in the SQL.
        var holder = new Holder<long>(personId);
        Expression value = Expression.Convert(Expression.Property(Expression.Constant(holder), nameof(Holder<long>.Value)), typeof(TColumn));
        return Expression.Lambda<Func<T, bool>>(Expression.Equal(_column.Body, value), _column.Parameters);
    }

    private Expression<Func<T, bool>> In(List<TKey> keys)
    {
        var holder = new Holder<List<TKey>>(keys);
        Expression list = Expression.Property(Expression.Constant(holder), nameof(Holder<List<TKey>>.Value));
        ParameterExpression e = _column.Parameters[0];
        Expression key = new ReplaceParameter(_key.Parameters[0], e).Visit(_key.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], list, key), e);
    }

    private static TKey Parse(string text) =>
        typeof(TKey) == typeof(Guid) ? (TKey)(object)Guid.Parse(text) : (TKey)(object)long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private sealed class Holder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
