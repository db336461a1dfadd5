using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using PcCovid.Data;
using PcCovid.Data.Bulk;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Tracing;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// Traces a case and writes what it found: one <see cref="CaseContact"/> per (case, person), degree 1 (F1) and,
/// when asked or when the contact rule in force says so, degree 2 (F2, the contacts of each F1 from their first
/// exposure); every piece of evidence kept, nothing twice when traced again. Each new F1 gets one alert in the
/// feed with the quarantine the F1 rule in force gives. The caller owns the transaction (the worker commits the
/// contacts, the alerts and the processed event together).
/// </summary>
public sealed class TraceCase(PcCovidDbContext db, ContactTracer tracer, MatchPendingContacts pendingContacts, TimeProvider clock)
{
    public sealed record Outcome(int F1, int F2, IReadOnlyList<Notification> NewAlerts);

    public async Task<Outcome> HandleAsync(long caseId, int? depth, CancellationToken cancellationToken)
    {
        Case theCase = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken).ConfigureAwait(false)
            ?? throw new DomainException("Không có ca bệnh này / No such case.");
        string? province = await db.People.Where(p => p.Id == theCase.PersonId).Select(p => p.ProvinceCode).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        RuleBook book = await tracer.RulesAsync(cancellationToken).ConfigureAwait(false);
        DateTime? onset = theCase.OnsetOn is { } onsetDay ? VietnamTime.StartOfDayUtc(onsetDay) : null;
        TraceSeed seed = ContactTracer.Seed(book, theCase.PersonId, province, onset, theCase.FirstPositiveSampledAtUtc ?? theCase.AnchorUtc, now);
        DateOnly sampleDay = DateOnly.FromDateTime(VietnamTime.ToVietnam(theCase.AnchorUtc).DateTime);
        bool traceF2 = depth is null ? book.Require<ContactDefinitionRule>(RuleKeys.ContactDefinition, province, sampleDay).TraceF2 : depth >= 2;

        // This person was someone's contact: the chain F0 -> contact -> case.
        await db.CaseContacts.Where(c => c.PersonId == theCase.PersonId && c.CaseId != caseId && c.BecameCaseId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.BecameCaseId, caseId), cancellationToken).ConfigureAwait(false);

        // Contacts named in interviews that matched nobody then: matched now if the registry knows them since.
        if ((await pendingContacts.HandleAsync(caseId, theCase.PersonId, cancellationToken).ConfigureAwait(false)).Matched > 0)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        List<CaseContact> existing = await db.CaseContacts.Include(c => c.Evidence).Where(c => c.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var byPerson = existing.Where(c => c.PersonId is not null).ToDictionary(c => c.PersonId!.Value);

        var created = new List<CaseContact>();
        List<TracedContact> f1 = await tracer.TraceAsync(seed, cancellationToken).ConfigureAwait(false);
        foreach (TracedContact found in f1)
        {
            Record(caseId, found, 1, null, byPerson, created, now);
        }

        int f2Count = 0;
        if (traceF2)
        {
            var f1Contacts = byPerson.Values.Where(c => c.Degree == 1).ToList();
            var seeds = f1Contacts.Select(c => seed with
            {
                PersonId = c.PersonId!.Value,
                WindowStartUtc = c.Evidence.Where(e => e.OverlapStartUtc is not null).Select(e => e.OverlapStartUtc!.Value).DefaultIfEmpty(seed.WindowStartUtc).Min(),
            }).ToList();
            List<TracedContact>[] second = await tracer.TraceBatchAsync(seeds, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < seeds.Count; i++)
            {
                foreach (TracedContact found in second[i].Where(f => f.PersonId != theCase.PersonId))
                {
                    f2Count += Record(caseId, found, 2, seeds[i].PersonId, byPerson, created, now) ? 1 : 0;
                }
            }
        }

        // The contacts, their evidence and the alerts commit together (in the caller's transaction when there is one).
        IDbContextTransaction? own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        await using (own)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await InsertNewAsync(created, cancellationToken).ConfigureAwait(false);
            List<Notification> alerts = await AlertNewF1Async(book, byPerson.Values.Where(c => c.Degree == 1).ToList(), now, cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return new Outcome(byPerson.Values.Count(c => c.Degree == 1), byPerson.Values.Count(c => c.Degree == 2), alerts);
        }
    }

    /// <summary>
    /// The new contacts and their evidence through the bulk store: a case traced through busy venues has thousands
    /// of overlaps, which the unit of work would insert one statement each. A contact another tracing of the same case
    /// wrote first (the unique case and person) fails the write as the unit of work would, with a <see cref="DbUpdateException"/>.
    /// </summary>
    private async Task InsertNewAsync(List<CaseContact> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0)
        {
            return;
        }

        try
        {
            await EntityBulkInsert.InsertSettingIdsAsync(db, created, cancellationToken).ConfigureAwait(false);
            var evidence = new List<ContactEvidence>();
            foreach (CaseContact contact in created)
            {
                foreach (ContactEvidence piece in contact.Evidence)
                {
                    EntityBulkInsert.SetValue(db, piece, nameof(ContactEvidence.ContactId), contact.Id);
                    evidence.Add(piece);
                }
            }

            await EntityBulkInsert.InsertAsync(db, evidence, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            throw new DbUpdateException("Contacts of this case were written by another tracing at the same time.", exception);
        }
    }

    private static bool Record(long caseId, TracedContact found, int degree, long? via, Dictionary<long, CaseContact> byPerson, List<CaseContact> created, DateTime now)
    {
        bool isNew = false;
        if (!byPerson.TryGetValue(found.PersonId, out CaseContact? contact))
        {
            // Not tracked: written by the bulk store once the tracing is done.
            contact = CaseContact.ForPerson(caseId, found.PersonId, degree, via, now);
            byPerson[found.PersonId] = contact;
            created.Add(contact);
            isNew = true;
        }

        contact.PromoteTo(degree);
        foreach (VenueExposureEvidence venue in found.Venues)
        {
            contact.Add(ContactEvidence.AtVenue(venue.VenueId, CheckIn.FromUnixMilliseconds(venue.OverlapStartMs), CheckIn.FromUnixMilliseconds(venue.OverlapEndMs), now));
        }

        if (found.HouseholdCode is { } household)
        {
            contact.Add(ContactEvidence.SameHousehold(household, now));
        }

        foreach (BluetoothExposureEvidence encounter in found.BluetoothEncounters)
        {
            contact.Add(ContactEvidence.ByBluetooth(encounter.FirstSeenUtc, encounter.LastSeenUtc, encounter.Rssi, encounter.SourceSystem, now));
        }

        return isNew;
    }

    /// <summary>One alert per F1 contact that has none yet, with the quarantine of the F1 rule in force in their province.</summary>
    private async Task<List<Notification>> AlertNewF1Async(RuleBook book, List<CaseContact> f1, DateTime now, CancellationToken cancellationToken)
    {
        List<long> ids = [.. f1.Select(c => c.Id)];
        var alerted = (await db.Notifications.Where(n => n.Kind == Notification.F1Alert && n.ContactId != null && ids.Contains(n.ContactId.Value))
            .Select(n => n.ContactId!.Value).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var pending = f1.Where(c => c.PersonId is not null && !alerted.Contains(c.Id)).ToList();
        if (pending.Count == 0)
        {
            return [];
        }

        List<long> people = [.. pending.Select(c => c.PersonId!.Value)];
        var provinces = await db.People.Where(p => people.Contains(p.Id)).Select(p => new { p.Id, p.ProvinceCode }).ToDictionaryAsync(p => p.Id, p => p.ProvinceCode, cancellationToken).ConfigureAwait(false);
        var doses = (await db.Doses.AsNoTracking().Where(d => people.Contains(d.PersonId) && (!d.IsSelfDeclared || d.ConfirmedAtUtc != null))
            .Select(d => new { d.PersonId, d.AdministeredOn }).ToListAsync(cancellationToken).ConfigureAwait(false)).ToLookup(d => d.PersonId);
        DateOnly today = VietnamTime.Today(clock);
        var added = new List<Notification>();
        foreach (CaseContact contact in pending)
        {
            long person = contact.PersonId!.Value;
            DateOnly lastExposure = contact.LastExposureUtc is { } last ? DateOnly.FromDateTime(VietnamTime.ToVietnam(last).DateTime) : today;
            if (lastExposure > today)
            {
                lastExposure = today;
            }

            var personDoses = doses[person].ToList();
            var status = new VaccinationStatus(personDoses.Count, false, personDoses.Count == 0 ? null : personDoses.Max(d => d.AdministeredOn), null);
            F1QuarantinePlan plan = F1Quarantine.Plan(book, provinces.GetValueOrDefault(person), status, lastExposure, today);
            var alert = Notification.ForContact(person, contact.Id,
                "Bạn là người tiếp xúc gần (F1) với một ca bệnh / You are a close contact (F1) of a case",
                Instructions(plan, contact), now);
            db.Notifications.Add(alert);
            added.Add(alert);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>What to do, Vietnamese then English: the F1 plan of the rule in force.</summary>
    public static string Instructions(F1QuarantinePlan plan, CaseContact contact)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(contact);
        CultureInfo inv = CultureInfo.InvariantCulture;
        string tests = string.Join(", ", plan.TestDates.Select(d => d.ToString("dd/MM/yyyy", inv)));
        string how = (contact.Sources & ContactSources.Household) != 0 ? "cùng hộ gia đình / same household"
            : (contact.Sources & ContactSources.Venue) != 0 ? "cùng địa điểm / same venue"
            : (contact.Sources & ContactSources.Bluetooth) != 0 ? "ở gần qua Bluetooth / nearby by Bluetooth" : "theo điều tra dịch tễ / from an interview";
        if (plan.Quarantined)
        {
            return string.Create(inv,
                $"Tiếp xúc: {how}. Cách ly {plan.QuarantineDays} ngày từ {plan.ClockStart:dd/MM/yyyy} đến hết {plan.QuarantineThrough:dd/MM/yyyy}; xét nghiệm ngày {tests}. Liên hệ trạm y tế xã/phường. "
                + $"/ Contact: {how}. Quarantine {plan.QuarantineDays} days from {plan.ClockStart:dd/MM/yyyy} through {plan.QuarantineThrough:dd/MM/yyyy}; tests on {tests}. Contact your commune health station.");
        }

        return string.Create(inv,
            $"Tiếp xúc: {how}. Không phải cách ly; tự theo dõi sức khỏe và thực hiện 5K đến hết {plan.MonitoringThrough:dd/MM/yyyy}; xét nghiệm ngày {tests} hoặc khi có triệu chứng. "
            + $"/ Contact: {how}. No quarantine; monitor your health and take precautions through {plan.MonitoringThrough:dd/MM/yyyy}; test on {tests} or when symptoms appear.");
    }
}
