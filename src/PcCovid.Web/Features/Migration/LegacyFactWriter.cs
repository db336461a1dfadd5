using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Vaccination;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// Writes the facts of legacy records for their persons, with provenance (source system, source record
/// id): declarations (ncovi, vhd), doses (tiemchung, the vaccination model), health-book phones and
/// insurance cards (sskdt), and the phones the migration learns from any source's linked and new records
/// (<see cref="StorePhonesAsync"/>). Used by the migration batches, the steward's review and the phone owner's
/// claims alike. Adds to the context; the caller saves. Every fact is unique by its source key, so a
/// record whose fact already exists adds nothing.
/// </summary>
public sealed class LegacyFactWriter(PcCovidDbContext db, ICheckInStore checkIns, ReferenceData reference, Risk.FactCounts counts, TimeProvider clock)
{
    /// <summary>
    /// Checks a record's fact before it is linked: impossible values (a declaration in the future, an
    /// arrival before the departure, a dose before the campaign, an unknown vaccine) refuse the row.
    /// </summary>
    public string? Problem(LegacyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        try
        {
            switch (record.Fact)
            {
                case DeclarationFact d:
                    _ = HealthDeclaration.Declare(0, null, d.DeclarationKind, d.OccurredAtUtc, d.Answers, d.Travel, null, Provenance(record, false, now), now);
                    break;
                case LegacyDoseFact dose:
                    VaccineProduct product = reference.Vaccines.Require(dose.VaccineName);
                    _ = Dose.Record(1, dose.DoseNumber, product, dose.Lot, dose.AdministeredOn, VietnamTime.Today(clock), null, dose.SiteCode, dose.SiteName, dose.Reaction, Provenance(record, true, now), null, null);
                    break;
                case LabResultFact lab:
                    if (LabResult.Check(lab.SampleId, lab.TestType, lab.Outcome, lab.Ct, lab.SampledAtUtc, lab.ReportedAtUtc, now) is { } labProblem)
                    {
                        return labProblem;
                    }

                    break;
                default:
                    if (record.Fact.OccurredAtUtc > now.AddDays(1))
                    {
                        return "Thời điểm trong tương lai / a time in the future";
                    }

                    break;
            }
        }
        catch (DomainException exception)
        {
            return exception.Message.Length <= 300 ? exception.Message : exception.Message[..300];
        }

        return null;
    }

    /// <summary>
    /// Adds the facts of records decided for persons (their phones are <see cref="StorePhonesAsync"/>'s, which the caller
    /// chooses to call). Returns how many facts were added. <paramref name="bulk"/>: the
    /// migration's batches insert the new declarations, doses and insurance cards at once inside their open transaction
    /// instead of adding them to the context (tracking tens of thousands of rows a second costs more than the rest).
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyList<(LegacyRecord Record, long PersonId)> decided, long? importRunId, CancellationToken cancellationToken, bool bulk = false)
    {
        ArgumentNullException.ThrowIfNull(decided);
        if (decided.Count == 0)
        {
            return 0;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(clock);
        int facts = 0;

        // Doses: one per person and dose number (the vaccination model's rule); the platform's own repeat is not a second dose.
        var doses = decided.Where(d => d.Record.Fact is LegacyDoseFact).ToList();
        var doseNumbers = new HashSet<(long, int)>();
        if (doses.Count > 0)
        {
            List<long> persons = doses.Select(d => d.PersonId).Distinct().ToList();
            foreach (var known in await db.Doses.AsNoTracking().Where(d => EF.Parameter(persons).Contains(d.PersonId)).Select(d => new { d.PersonId, d.DoseNumber }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                doseNumbers.Add((known.PersonId, known.DoseNumber));
            }
        }

        // Check-ins go through the check-in store (its own transaction, idempotent by source + record id).
        var visits = decided.Where(d => d.Record.Fact is CheckInFact).ToList();
        if (visits.Count > 0)
        {
            List<string> codes = visits.Select(v => ((CheckInFact)v.Record.Fact).VenueCode).Distinct(StringComparer.Ordinal).ToList();
            Dictionary<string, long> venues = await db.Venues.AsNoTracking().Where(v => v.LegacyCode != null && EF.Parameter(codes).Contains(v.LegacyCode))
                .ToDictionaryAsync(v => v.LegacyCode!, v => v.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var rows = new List<CheckIn>(visits.Count);
            foreach ((LegacyRecord record, long personId) in visits)
            {
                if (venues.TryGetValue(((CheckInFact)record.Fact).VenueCode, out long venueId))
                {
                    rows.Add(new CheckIn(venueId, personId, record.Fact.OccurredAtUtc, null, CheckInMethod.Imported, record.Identity.Source, record.Identity.SourceRecordId));
                }
            }

            bool[] stored = await checkIns.AppendAsync(rows, cancellationToken).ConfigureAwait(false);
            facts += stored.Count(s => s);
        }

        facts += await WriteLabResultsAsync(decided.Where(d => d.Record.Fact is LabResultFact).ToList(), importRunId, now, bulk, cancellationToken).ConfigureAwait(false);

        // Facts already written (a record linked, unmerged and linked again): their source keys.
        List<string> keys = decided.Select(d => Key(d.Record)).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        // One JSON parameter per list (not one parameter per key): SQLite binds names by a linear scan.
        if (decided.Any(d => d.Record.Fact is DeclarationFact))
        {
            existing.UnionWith(await db.HealthDeclarations.AsNoTracking().Where(d => EF.Parameter(keys).Contains(d.SourceKey)).Select(d => d.SourceKey).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        if (doses.Count > 0)
        {
            existing.UnionWith(await db.Doses.AsNoTracking().Where(d => EF.Parameter(keys).Contains(d.SourceKey)).Select(d => d.SourceKey).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        if (decided.Any(d => d.Record.Fact is HealthBookFact))
        {
            existing.UnionWith(await db.HealthInsuranceCards.AsNoTracking().Where(d => EF.Parameter(keys).Contains(d.SourceKey)).Select(d => d.SourceKey).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        var declarations = new List<HealthDeclaration>();
        var newDoses = new List<Dose>();
        var cards = new List<HealthInsuranceCard>();
        foreach ((LegacyRecord record, long personId) in decided)
        {
            if (!existing.Add(Key(record)))
            {
                continue;
            }

            switch (record.Fact)
            {
                case DeclarationFact d:
                    DeclarationAddress? address = d.Address is { ProvinceCode: { } p, DistrictCode: { } ds, CommuneCode: { } c } a && reference.Catalog.IsConsistent(p, ds, c)
                        ? a
                        : d.Address is { } partial ? new DeclarationAddress(null, null, null, partial.Line) : null;
                    declarations.Add(HealthDeclaration.Declare(personId, null, d.DeclarationKind, d.OccurredAtUtc, d.Answers, d.Travel, address, Provenance(record, false, now), now, importRunId));
                    facts++;
                    break;
                case LegacyDoseFact dose:
                    if (doseNumbers.Add((personId, dose.DoseNumber)))
                    {
                        VaccineProduct product = reference.Vaccines.Require(dose.VaccineName);
                        newDoses.Add(Dose.Record(personId, dose.DoseNumber, product, dose.Lot, dose.AdministeredOn, today, null, dose.SiteCode, dose.SiteName, dose.Reaction, Provenance(record, true, now), null, importRunId));
                        facts++;
                    }

                    break;
                case HealthBookFact book:
                    if (book.InsuranceCardNumber is { } card)
                    {
                        cards.Add(HealthInsuranceCard.Record(personId, card, Provenance(record, false, now)));
                        facts++;
                    }

                    break;
            }
        }

        if (bulk)
        {
            await EntityBulkInsert.InsertAsync(db, declarations, cancellationToken).ConfigureAwait(false);
            // The bulk insert bypasses SaveChanges: the risk counts of the people dosed move here, in the same transaction.
            await counts.AddingDosesAsync(db, newDoses, () => EntityBulkInsert.InsertAsync(db, newDoses, cancellationToken), cancellationToken).ConfigureAwait(false);
            await EntityBulkInsert.InsertAsync(db, cards, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            db.HealthDeclarations.AddRange(declarations);
            db.Doses.AddRange(newDoses);
            db.HealthInsuranceCards.AddRange(cards);
        }

        return facts;
    }

    /// <summary>
    /// Stores the phone number each record carries for the person it was decided for, when it normalises to E.164 and
    /// the person does not hold it yet: self-declared (source system and record id of the record, not authoritative).
    /// The migration calls it for its linked and new records only — the numbers the identity resolver learns while it
    /// runs — so that a later run with a fresh resolver built from the registry (one source per run, the console's
    /// jobs) links phone-and-name records through them as one resolver over all sources does. Never for a claim or a
    /// review: a claim is a record not tied to anyone with certainty, and its number is not guessed onto a person.
    /// Two records of one person with one number (in a batch or across runs) store one row. Returns how many were added.
    /// </summary>
    public async Task<int> StorePhonesAsync(IReadOnlyList<(LegacyRecord Record, long PersonId)> decided, CancellationToken cancellationToken, bool bulk = false)
    {
        ArgumentNullException.ThrowIfNull(decided);
        List<PersonPhone> phones = await NewPhonesAsync(decided, cancellationToken).ConfigureAwait(false);
        if (bulk)
        {
            await EntityBulkInsert.InsertAsync(db, phones, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            db.PersonPhones.AddRange(phones);
        }

        return phones.Count;
    }

    /// <summary>
    /// The numbers of <paramref name="decided"/> their persons do not hold yet, once each. The persons' numbers are read as
    /// rows (not their aggregates: tracking tens of thousands of people and phones a batch cost more than the rest of a batch).
    /// </summary>
    private async Task<List<PersonPhone>> NewPhonesAsync(IReadOnlyList<(LegacyRecord Record, long PersonId)> decided, CancellationToken cancellationToken)
    {
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var typed = new List<(LegacyRecord Record, long PersonId, NormalizedPhone Phone)>();
        foreach ((LegacyRecord record, long personId) in decided)
        {
            if (record.Identity.Phone is { Length: > 0 } raw && reference.Phones.Normalize(raw) is { E164: not null } phone)
            {
                typed.Add((record, personId, phone));
            }
        }

        if (typed.Count == 0)
        {
            return [];
        }

        List<long> persons = typed.Select(t => t.PersonId).Distinct().ToList();
        var known = new HashSet<(long PersonId, string E164)>();
        foreach (var row in await db.PersonPhones.AsNoTracking().Where(ph => EF.Parameter(persons).Contains(ph.PersonId)).Select(ph => new { ph.PersonId, ph.E164 })
            .ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            known.Add((row.PersonId, row.E164));
        }

        var phones = new List<PersonPhone>();
        foreach ((LegacyRecord record, long personId, NormalizedPhone phone) in typed)
        {
            if (known.Add((personId, phone.E164!)))
            {
                phones.Add(PersonPhone.ForStoredPerson(personId, phone.E164!, phone.ConvertedFromOldNumber, Provenance(record, false, now)));
            }
        }

        return phones;
    }

    /// <summary>
    /// Lab results of the old national lab system, linked to their person. The old lab (ma_phong_xet_nghiem)
    /// becomes a lab facility named after its code, placed in its province (the export gives no commune);
    /// a sample already recorded by that lab is left alone. Historical results open no case.
    /// </summary>
    private async Task<int> WriteLabResultsAsync(List<(LegacyRecord Record, long PersonId)> results, long? importRunId, DateTime now, bool bulk, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return 0;
        }

        var labs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string code in results.Select(r => LabCode((LabResultFact)r.Record.Fact)).Distinct(StringComparer.Ordinal))
        {
            string name = LegacyLabPrefix + code;
            long? id = await db.Facilities.Where(f => f.Kind == FacilityKind.Lab && f.Name == name).Select(f => (long?)f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (id is null)
            {
                string province = results.Select(r => ((LabResultFact)r.Record.Fact).ProvinceCode).FirstOrDefault(p => p is not null && reference.Catalog.FindProvince(p) is not null) ?? "01";
                string district = reference.Catalog.ChildrenOf(province)[0].Code;
                var facility = Facility.Register(FacilityKind.Lab, name, reference.Catalog.ChildrenOf(district)[0].Code, reference.Catalog, now);
                db.Facilities.Add(facility);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                id = facility.Id;
            }

            labs[code] = id.Value;
        }

        List<string> samples = results.Select(r => ((LabResultFact)r.Record.Fact).SampleId).ToList();
        List<long> labIds = labs.Values.ToList();
        var known = (await db.LabResults.AsNoTracking().Where(r => labIds.Contains(r.LabFacilityId) && EF.Parameter(samples).Contains(r.SampleId))
            .Select(r => new { r.LabFacilityId, r.SampleId }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => (r.LabFacilityId, r.SampleId)).ToHashSet();
        var added = new List<LabResult>(results.Count);
        foreach ((LegacyRecord record, long personId) in results)
        {
            var fact = (LabResultFact)record.Fact;
            long lab = labs[LabCode(fact)];
            if (!known.Add((lab, fact.SampleId)))
            {
                continue;
            }

            LabResult result = LabResult.Record(lab, fact.SampleId, fact.PoolId, fact.TestType, fact.Outcome, fact.Ct, fact.SampledAtUtc, fact.ReportedAtUtc, Provenance(record, true, now), now, importRunId);
            result.MatchTo(personId);
            added.Add(result);
        }

        // In bulk, as the lab import writes them: tracked, a million-person run saved its results one by one at commit.
        if (bulk)
        {
            await EntityBulkInsert.InsertAsync(db, added, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            db.LabResults.AddRange(added);
        }

        return added.Count;
    }

    /// <summary>A person for a New record through the Person factories: a citizen ID that checks out, a passport, or neither (known from the old app only).</summary>
    public Person? NewPerson(LegacyRecord record, DateTime now)
    {
        LegacyIdentity i = record.Identity;
        if (i.BirthDate is not { } birth || i.FullName is null)
        {
            return null;
        }

        Sex sex = i.Sex ?? Sex.Unknown;
        string nationality = i.Nationality ?? "VNM";
        var provenance = new Provenance(i.Source, i.SourceRecordId, now, isAuthoritative: false);
        string? digits = i.DocumentNumber is { } doc && doc.All(char.IsAsciiDigit) ? doc : null;
        string? citizenId = digits is { Length: 12 } && CitizenId.Validate(digits, reference.Catalog, birth.Year, sex) is null ? digits : null;
        string? passport = digits is null && i.DocumentNumber is { } p ? p : null;
        try
        {
            Person person = Person.RegisterFromLegacyRecord(i.FullName, birth, sex, nationality, citizenId, passport, reference.Catalog, provenance);
            if (digits is { Length: 9 })
            {
                person.RecordLegacyIdNumber(digits);
            }

            if (reference.Phones.Normalize(i.Phone) is { E164: { } e164 } phone)
            {
                person.AddPhone(e164, phone.ConvertedFromOldNumber, provenance);
            }

            return person;
        }
        catch (DomainException)
        {
            return null;
        }
    }

    /// <summary>The name prefix of the lab facilities created for the old system's labs.</summary>
    public const string LegacyLabPrefix = "Phòng xét nghiệm (xetnghiem) ";

    private static string LabCode(LabResultFact fact) => fact.LabCode ?? "?";

    private static string Key(LegacyRecord record) => record.Identity.Source + ":" + record.Identity.SourceRecordId;

    private static Provenance Provenance(LegacyRecord record, bool authoritative, DateTime now) =>
        new(record.Identity.Source, record.Identity.SourceRecordId, now, authoritative);
}
