using System.Globalization;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.People;

namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>
/// Resolves Vietnamese legacy records against the <see cref="RegistryIndex"/> (linkage.md §5, issue 6):
/// deterministic rules first (citizen ID agreeing with birth year, sex and name; CMND or passport with
/// an agreeing name), then records with only a phone and a name are linked only when exactly one
/// holder of that phone has that name and no other holder comes close (else held as a claim), and
/// the same phone test settles records whose birth date agrees with that holder; the rest is scored
/// by Fellegi–Sunter over blocked candidates (date and place levels per granularity), the best
/// candidate's posterior normalised over all candidates and "nobody in the registry" (the
/// in-registry share learned online per stratum) and held against two thresholds. Phones of linked records are learned, so a family sharing a number becomes
/// visible as one number with several holders. Calls are serialised (one lock).
/// </summary>
public sealed class VietnameseIdentityResolver : IIdentityResolver
{
    // Comparisons of the probabilistic model and their level counts (null level, levels, else).
    internal const int NameComparison = 0;
    internal const int DateComparison = 1;
    internal const int SexComparison = 2;
    internal const int DocumentComparison = 3;
    internal const int PhoneComparison = 4;
    internal const int PlaceComparison = 5;
    internal static readonly int[] s_levelCounts = [7, 8, 3, 4, 3, 10];
    internal static readonly string[] s_comparisonNames = ["name", "birth date", "sex", "document", "phone", "place"];

    private readonly RegistryIndex _index;
    private readonly PhoneNumberNormalizer _phones;
    private readonly AdministrativeCatalog? _catalog;
    private readonly ResolverOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _linkedSourcePersons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _newSourcePersons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _createdByNewKey = new(StringComparer.Ordinal);
    private readonly List<int> _scratch = [];
    private readonly List<int> _candidates = [];
    private readonly HashSet<int> _seen = [];
    private readonly byte[] _pattern = new byte[6];
    private readonly List<double> _weights = [];
    private readonly double[] _inRegistrySum = new double[2];
    private readonly long[] _inRegistryCount = new long[2];
    private readonly double[] _inRegistry = new double[2];

    public VietnameseIdentityResolver(RegistryIndex index, PhoneNumberNormalizer phones, AdministrativeCatalog? catalog = null, ResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(phones);
        _index = index;
        _phones = phones;
        _catalog = catalog;
        _options = options ?? new ResolverOptions();
        Model = DefaultModel();
        Array.Fill(_inRegistry, _options.InRegistryPrior);
        EstimateU();
    }

    public FellegiSunterModel Model { get; }

    /// <summary>
    /// ρ: the estimated share of probabilistically scored records whose person is in the registry (online
    /// EM), per stratum: [0] Vietnamese records, [1] records with a passport or a foreign nationality
    /// (foreigners are mostly not in the registry, so they learn their own ρ).
    /// </summary>
    public IReadOnlyList<double> InRegistryShares => _inRegistry;

    public RegistryIndex Index => _index;

    public ResolverStatistics Statistics { get; } = new();

    public LinkDecision Resolve(LegacyIdentity record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            LinkDecision decision = ResolveCore(record);
            Statistics.Records++;
            Statistics.ByRule[decision.Rule] = Statistics.ByRule.GetValueOrDefault(decision.Rule) + 1;
            return decision;
        }
    }

    public void AddPerson(long personId, LegacyIdentity firstRecord)
    {
        ArgumentNullException.ThrowIfNull(firstRecord);
        lock (_lock)
        {
            Query q = Normalise(firstRecord);
            IdentityDocument citizen = q.Documents.FirstOrDefault(d => d.Kind == DocumentKind.CitizenId);
            IdentityDocument cmnd = q.Documents.FirstOrDefault(d => d.Kind == DocumentKind.Cmnd);
            IdentityDocument passport = q.Documents.FirstOrDefault(d => d.Kind == DocumentKind.Passport);
            int index = _index.Add(new RegistryPerson(
                personId,
                citizen.IsNone ? null : citizen.Number,
                cmnd.IsNone ? null : cmnd.Number,
                passport.IsNone ? null : passport.Number,
                firstRecord.FullName ?? string.Empty,
                q.Year,
                q.Day > 0 ? new DateOnly(q.Day / 10000, q.Day / 100 % 100, q.Day % 100) : null,
                q.Sex,
                firstRecord.ProvinceCode,
                firstRecord.DistrictCode,
                firstRecord.CommuneCode,
                null));
            if (q.Phone is not null)
            {
                _index.AddPhone(index, q.Phone);
            }

            _createdByNewKey[NewPersonKey(firstRecord, q)] = personId;
            if (firstRecord.SourcePersonKey is { } key)
            {
                _linkedSourcePersons[firstRecord.Source + ":" + key] = personId;
            }
        }
    }

    /// <summary>
    /// EM over the candidate patterns of a sample of incoming records (a first pass of a file), u held
    /// fixed: m moves from the defaults to what this data shows. No labels are used.
    /// </summary>
    public void Train(IEnumerable<LegacyIdentity> sample, int iterations = 30)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_lock)
        {
            var distinct = new Dictionary<long, (byte[] Pattern, long Count)>();
            foreach (LegacyIdentity record in sample)
            {
                Query q = Normalise(record);
                if (q.Name is null || (q.Year == 0 && q.Documents.Count == 0))
                {
                    continue;
                }

                Candidates(q);
                foreach (int candidate in _candidates)
                {
                    Compare(q, candidate, _pattern);
                    long key = 0;
                    foreach (byte level in _pattern)
                    {
                        key = (key * 16) + level;
                    }

                    distinct[key] = distinct.TryGetValue(key, out var entry) ? (entry.Pattern, entry.Count + 1) : ((byte[])_pattern.Clone(), 1);
                }
            }

            double lambda = Model.Lambda;
            Model.Lambda = 0.1;
            // Date and place keep their m: their level sets are conditional on the record's granularity.
            Model.TrainM([.. distinct.Values], iterations, new HashSet<int> { DateComparison, PlaceComparison });
            Model.Lambda = lambda;
        }
    }

    private LinkDecision ResolveCore(LegacyIdentity record)
    {
        Query q = Normalise(record);
        string? sourceKey = record.SourcePersonKey is { Length: > 0 } spk ? record.Source + ":" + spk : null;

        LinkDecision? deterministic = Deterministic(q);
        if (deterministic is not null)
        {
            return Remember(deterministic, q, sourceKey);
        }

        if (q.Year == 0 && q.Documents.Count == 0)
        {
            if (sourceKey is not null && _linkedSourcePersons.TryGetValue(sourceKey, out long known))
            {
                return new LinkDecision(LinkOutcome.Linked, known, 1, "source-person");
            }

            if (q.Phone is not null)
            {
                return Remember(PhoneAndName(q), q, sourceKey);
            }

            return New(record, q, sourceKey, "no-identity");
        }

        if (q.Name is null)
        {
            return New(record, q, sourceKey, "no-name");
        }

        // A phone held by exactly one person with this name (the phone-and-name rule, never a family
        // member by another member's name) whose birth date, sex and document do not contradict the record.
        // Stronger than the model's view, which weighs the phone as if a namesake without a known phone
        // were as likely to own it, while non-matches sharing a phone are families with other names.
        if (q.Phone is not null && PhoneAndName(q) is { Outcome: LinkOutcome.Linked, PersonId: { } holder })
        {
            int index = _index.IndexOfPerson(holder);
            Sex sex = _index.SexOf(index);
            if (DateAgrees(q, index) && (q.Sex == Sex.Unknown || sex == Sex.Unknown || q.Sex == sex) && DocumentLevel(q, index) is 0 or 1 or 2)
            {
                return Remember(new LinkDecision(LinkOutcome.Linked, holder, 1, "phone+name+birth"), q, sourceKey);
            }
        }

        // Probabilistic.
        Candidates(q);
        Statistics.ScoredRecords++;
        Statistics.Candidates += _candidates.Count;
        int best = -1;
        double bestWeight = double.NegativeInfinity;
        _weights.Clear();
        foreach (int candidate in _candidates)
        {
            double weight = Score(q, candidate);
            _weights.Add(weight);
            if (weight > bestWeight)
            {
                bestWeight = weight;
                best = candidate;
            }
        }

        if (best >= 0)
        {
            // Posterior over "one of the candidates or nobody in the registry" (a record is at most one
            // person): p(best) = 2^w₁ / (o + Σ 2^wⱼ), o = (1 − ρ)/ρ the odds that the record's person is
            // not in the registry. The weights are taken relative to the best to stay finite.
            int stratum = q.Foreign ? 1 : 0;
            double odds = (1 - _inRegistry[stratum]) / _inRegistry[stratum];
            double others = 0;
            foreach (double weight in _weights)
            {
                others += Math.Pow(2, weight - bestWeight);
            }

            others -= 1;
            double nobody = odds * Math.Pow(2, -bestWeight);
            double probability = 1 / (1 + others + nobody);
            LearnPrior(stratum, (1 + others) / (1 + others + nobody));
            if (probability >= _options.LinkThreshold)
            {
                return Remember(new LinkDecision(LinkOutcome.Linked, _index.PersonId(best), probability, "probabilistic"), q, sourceKey);
            }

            if (probability >= _options.ReviewThreshold)
            {
                return new LinkDecision(LinkOutcome.Review, _index.PersonId(best), probability, others > nobody ? "ambiguous" : "probabilistic");
            }
        }
        else
        {
            LearnPrior(q.Foreign ? 1 : 0, 0);
        }

        if (sourceKey is not null && _linkedSourcePersons.TryGetValue(sourceKey, out long linked))
        {
            return new LinkDecision(LinkOutcome.Linked, linked, 1, "source-person");
        }

        return New(record, q, sourceKey, "no-candidate");
    }

    // Online EM for ρ: the mean over a stratum's scored records of the posterior that the record's person
    // is one of its candidates, starting from 100 pseudo-records at the prior; kept below 0.999 (never certain).
    private void LearnPrior(int stratum, double inRegistry)
    {
        if (!_options.EstimateInRegistryShare)
        {
            return;
        }

        _inRegistrySum[stratum] += inRegistry;
        _inRegistryCount[stratum]++;
        const double pseudo = 100;
        _inRegistry[stratum] = Math.Clamp(((pseudo * _options.InRegistryPrior) + _inRegistrySum[stratum]) / (pseudo + _inRegistryCount[stratum]), 0.01, 0.999);
    }

    private LinkDecision? Deterministic(Query q)
    {
        foreach (IdentityDocument document in q.Documents)
        {
            if (document.Kind == DocumentKind.CitizenId)
            {
                int index = _index.FindCitizenId(document.Number);
                if (index >= 0 && CitizenIdAgrees(q, document.Number, index))
                {
                    return new LinkDecision(LinkOutcome.Linked, _index.PersonId(index), 1, "citizen-id");
                }
            }

            if (document.Kind is DocumentKind.Cmnd or DocumentKind.CitizenId)
            {
                _scratch.Clear();
                if (_index.FindCmnd(document.Number, _scratch) == 1 && q.Name is not null && NameLevel(q.Name, _scratch[0]) <= 3 && DateAgrees(q, _scratch[0]))
                {
                    return new LinkDecision(LinkOutcome.Linked, _index.PersonId(_scratch[0]), 1, "cmnd");
                }
            }

            if (document.Kind == DocumentKind.Passport)
            {
                _scratch.Clear();
                if (_index.FindPassport(document.Number, _scratch) == 1 && q.Name is not null && NameLevel(q.Name, _scratch[0]) <= 4 && DateAgrees(q, _scratch[0]))
                {
                    return new LinkDecision(LinkOutcome.Linked, _index.PersonId(_scratch[0]), 1, "passport");
                }
            }
        }

        return null;
    }

    // A valid citizen ID whose encoded birth year and sex agree with the record, and a name and
    // birth date that do not contradict the person (a mistyped digit can hit another person).
    private bool CitizenIdAgrees(Query q, string number, int index)
    {
        int centuryAndSex = number[3] - '0';
        int encodedYear = 1900 + (centuryAndSex / 2 * 100) + int.Parse(number.AsSpan(4, 2), CultureInfo.InvariantCulture);
        Sex encodedSex = centuryAndSex % 2 == 0 ? Sex.Male : Sex.Female;
        if (_catalog is not null && _catalog.FindProvinceByCitizenIdCode(number[..3]) is null)
        {
            return false;
        }

        if ((q.Year != 0 && q.Year != encodedYear) || (q.Sex != Sex.Unknown && q.Sex != encodedSex))
        {
            return false;
        }

        if (!DateAgrees(q, index))
        {
            return false;
        }

        if (q.Name is null)
        {
            return q.Year != 0 && q.Sex != Sex.Unknown;
        }

        return NameLevel(q.Name, index) <= (q.Year == 0 && q.Sex == Sex.Unknown ? 3 : 5);
    }

    private bool DateAgrees(Query q, int index)
    {
        if (q.Year == 0)
        {
            return true;
        }

        int level = DateLevel(q, index);
        return level is 0 or 1 or 2 or 3 or 6;
    }

    private LinkDecision PhoneAndName(Query q)
    {
        _scratch.Clear();
        int holders = _index.PersonsWithPhone(q.Phone!, _scratch, 64);
        if (holders == 0)
        {
            return new LinkDecision(LinkOutcome.Claim, null, null, "unknown-phone");
        }

        if (q.Name is null || holders > 64)
        {
            return new LinkDecision(LinkOutcome.Claim, null, null, holders > 1 ? "shared-phone" : "phone-only");
        }

        int match = -1;
        int matches = 0;
        int near = 0;
        foreach (int holder in _scratch)
        {
            int level = NameLevel(q.Name, holder);
            if (level is 1 or 2 || (level == 3 && holders == 1))
            {
                match = holder;
                matches++;
            }
            else if (level is 3 or 4 or 5)
            {
                near++;
            }
        }

        if (matches == 1 && near == 0)
        {
            return new LinkDecision(LinkOutcome.Linked, _index.PersonId(match), 1, "phone+name");
        }

        return new LinkDecision(LinkOutcome.Claim, null, null, holders > 1 ? "shared-phone" : "phone-name-differs");
    }

    private LinkDecision Remember(LinkDecision decision, Query q, string? sourceKey)
    {
        if (decision.Outcome == LinkOutcome.Linked && decision.PersonId is { } personId)
        {
            if (q.Phone is not null)
            {
                int index = _index.IndexOfPerson(personId);
                if (index >= 0)
                {
                    _index.AddPhone(index, q.Phone);
                }
            }

            if (sourceKey is not null)
            {
                _linkedSourcePersons[sourceKey] = personId;
            }
        }

        return decision;
    }

    private LinkDecision New(LegacyIdentity record, Query q, string? sourceKey, string rule)
    {
        // A citizen ID or passport already held by a registry person the record does not agree with (a mistyped
        // digit, a borrowed document) cannot become a new person under it — one person, one record, and the
        // registry's unique keys refuse it: a steward decides, with the holder as the candidate.
        foreach (IdentityDocument document in q.Documents)
        {
            _scratch.Clear();
            int holder = document.Kind switch
            {
                DocumentKind.CitizenId => _index.FindCitizenId(document.Number),
                DocumentKind.Passport when _index.FindPassport(document.Number, _scratch) > 0 => _scratch[0],
                _ => -1,
            };
            if (holder >= 0)
            {
                return new LinkDecision(LinkOutcome.Review, _index.PersonId(holder), null, "document-held-by-another");
            }
        }

        string key = sourceKey is not null && _newSourcePersons.TryGetValue(sourceKey, out string? known) ? known : NewPersonKey(record, q);
        if (sourceKey is not null)
        {
            _newSourcePersons[sourceKey] = key;
        }

        if (_createdByNewKey.TryGetValue(key, out long created))
        {
            return new LinkDecision(LinkOutcome.Linked, created, 1, "new-person");
        }

        return new LinkDecision(LinkOutcome.New, null, null, rule, key);
    }

    /// <summary>
    /// The key that groups the records of one unknown person: a passport or ID number, else the
    /// order-free folded name with the full birth date, else with birth year, sex and phone, else the record itself.
    /// </summary>
    private static string NewPersonKey(LegacyIdentity record, Query q)
    {
        foreach (IdentityDocument document in q.Documents)
        {
            if (document.Kind == DocumentKind.Passport)
            {
                return "passport:" + document.Number;
            }
        }

        foreach (IdentityDocument document in q.Documents)
        {
            return "document:" + document.Number;
        }

        if (q.Name is not null && q.Day > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"name:{q.Name.Sorted}|{q.Day}");
        }

        if (q.Name is not null && q.Year > 0 && q.Phone is not null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"name:{q.Name.Sorted}|{q.Year}|{(int)q.Sex}|{q.Phone}");
        }

        return "record:" + record.Source + ":" + record.SourceRecordId;
    }

    private void Candidates(Query q)
    {
        _candidates.Clear();
        _seen.Clear();
        if (q.Name is not null)
        {
            _scratch.Clear();
            Statistics.DroppedBlocks += _index.BlockCandidates(q.Name, q.Year, q.Day, q.Sex, q.Province, q.SwappedDay, _scratch, _options.MaxBlockSize);
            AddCandidates(_scratch);
        }

        if (q.Phone is not null)
        {
            _scratch.Clear();
            if (_index.PersonsWithPhone(q.Phone, _scratch, _options.MaxPhoneHolders + 1) <= _options.MaxPhoneHolders)
            {
                AddCandidates(_scratch);
            }
        }

        foreach (IdentityDocument document in q.Documents)
        {
            _scratch.Clear();
            if (document.Kind == DocumentKind.CitizenId && _index.FindCitizenId(document.Number) is >= 0 and int found)
            {
                _scratch.Add(found);
            }

            if (document.Kind is DocumentKind.Cmnd or DocumentKind.CitizenId)
            {
                _index.FindCmnd(document.Number, _scratch);
            }
            else if (document.Kind == DocumentKind.Passport)
            {
                _index.FindPassport(document.Number, _scratch);
            }

            AddCandidates(_scratch);
        }
    }

    private void AddCandidates(List<int> found)
    {
        foreach (int candidate in found)
        {
            if (_seen.Add(candidate))
            {
                _candidates.Add(candidate);
            }
        }
    }

    private double Score(Query q, int index)
    {
        Compare(q, index, _pattern);
        double weight = Model.Weight(_pattern);
        int nameLevel = _pattern[NameComparison];
        if (nameLevel is 1 or 2 && q.Name is not null)
        {
            // Term frequency: a rare name agreeing weighs more than Nguyễn Văn Hùng agreeing.
            weight += Math.Log2(Model.U(NameComparison, nameLevel) / Math.Max(_index.NameFrequency(q.Name.Sorted), 1e-9));
        }

        return weight;
    }

    /// <summary>The persons the blocking keys propose for a record (to measure blocking recall).</summary>
    public IReadOnlyList<long> CandidatePersons(LegacyIdentity record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            Candidates(Normalise(record));
            return [.. _candidates.Select(_index.PersonId)];
        }
    }

    /// <summary>The comparison levels and weight of a record against a person (explanations for review, tests).</summary>
    public (byte[] Levels, double Weight) Explain(LegacyIdentity record, long personId)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            int index = _index.IndexOfPerson(personId);
            Query q = Normalise(record);
            byte[] levels = new byte[6];
            Compare(q, index, levels);
            return (levels, Score(q, index));
        }
    }

    internal void Compare(Query q, int index, Span<byte> pattern)
    {
        pattern[NameComparison] = (byte)(q.Name is null ? 0 : NameLevel(q.Name, index));
        pattern[DateComparison] = (byte)DateLevel(q, index);
        Sex sex = _index.SexOf(index);
        pattern[SexComparison] = (byte)(q.Sex == Sex.Unknown || sex == Sex.Unknown ? 0 : q.Sex == sex ? 1 : 2);
        pattern[DocumentComparison] = (byte)DocumentLevel(q, index);
        pattern[PhoneComparison] = (byte)(q.Phone is null || !_index.HasAnyPhone(index) ? 0 : _index.HasPhone(index, q.Phone) ? 1 : 2);
        pattern[PlaceComparison] = (byte)PlaceLevel(q, index);
    }

    /// <summary>1 exact with diacritics, 2 folded same words, 3 surname+given (middle differs), 4 given equal and close, 5 a typo, 6 else.</summary>
    private int NameLevel(VietnameseName name, int index)
    {
        if (string.Equals(name.Exact, _index.NameExact(index), StringComparison.Ordinal))
        {
            return 1;
        }

        if (string.Equals(name.Sorted, _index.NameSorted(index), StringComparison.Ordinal))
        {
            return 2;
        }

        if (string.Equals(name.SurnameGiven, _index.SurnameGiven(index), StringComparison.Ordinal))
        {
            return 3;
        }

        string folded = _index.NameFolded(index);
        double similarity = StringMetrics.JaroWinkler(name.Folded, folded);
        string given = folded[(folded.LastIndexOf(' ') + 1)..];
        if (similarity >= 0.80 && string.Equals(name.Given, given, StringComparison.Ordinal))
        {
            return 4;
        }

        if (similarity >= 0.92 && StringMetrics.Osa(name.Given, given, 1) <= 1)
        {
            return 5;
        }

        return 6;
    }

    /// <summary>
    /// Both full dates: 1 same date, 2 day and month swapped, 3 one digit off, 4 same year other date, 5 other year.
    /// One side year only: 6 same year, 7 other year (a level set of its own: its m and u are those of a year-only comparison).
    /// </summary>
    private int DateLevel(Query q, int index)
    {
        int year = _index.BirthYear(index);
        if (q.Year == 0 || year == 0)
        {
            return 0;
        }

        int day = _index.BirthDay(index);
        if (q.Day > 0 && day > 0)
        {
            if (q.Day == day)
            {
                return 1;
            }

            if (q.SwappedDay == day)
            {
                return 2;
            }

            Span<char> a = stackalloc char[8];
            Span<char> b = stackalloc char[8];
            q.Day.TryFormat(a, out _, default, CultureInfo.InvariantCulture);
            day.TryFormat(b, out _, default, CultureInfo.InvariantCulture);
            if (StringMetrics.Osa(a, b, 1) <= 1)
            {
                return 3;
            }

            return q.Year == year ? 4 : 5;
        }

        return q.Year == year ? 6 : 7;
    }

    private int DocumentLevel(Query q, int index)
    {
        int best = 0;
        foreach (IdentityDocument document in q.Documents)
        {
            string? theirs = document.Kind switch
            {
                DocumentKind.CitizenId => _index.CitizenNumber(index) is >= 0 and long c ? c.ToString("D12", CultureInfo.InvariantCulture) : null,
                DocumentKind.Cmnd => _index.CmndNumber(index) is >= 0 and long m ? m.ToString("D9", CultureInfo.InvariantCulture) : null,
                _ => _index.Passport(index),
            };
            if (theirs is null)
            {
                continue;
            }

            int level = string.Equals(theirs, document.Number, StringComparison.Ordinal) ? 1 : StringMetrics.Osa(theirs, document.Number, 1) <= 1 ? 2 : 3;
            best = best == 0 ? level : Math.Min(best, level);
        }

        return best;
    }

    /// <summary>
    /// At the finest unit both sides give: commune known: 1 same commune, 2 same district, 3 same province, 4 else;
    /// district only: 5 same district, 6 same province, 7 else; province only (xetnghiem): 8 same province, 9 else.
    /// Each set has its own m and u, so a province-only record is weighed as what it is, not as a commune mismatch.
    /// </summary>
    private int PlaceLevel(Query q, int index)
    {
        if (q.Commune >= 0 && _index.Commune(index) >= 0)
        {
            return q.Commune == _index.Commune(index) ? 1 : q.District >= 0 && q.District == _index.District(index) ? 2 : q.Province == _index.Province(index) ? 3 : 4;
        }

        if (q.District >= 0 && _index.District(index) >= 0)
        {
            return q.District == _index.District(index) ? 5 : q.Province == _index.Province(index) ? 6 : 7;
        }

        if (q.Province >= 0 && _index.Province(index) >= 0)
        {
            return q.Province == _index.Province(index) ? 8 : 9;
        }

        return 0;
    }

    internal Query Normalise(LegacyIdentity record)
    {
        var documents = new List<IdentityDocument>(2);
        foreach (string? typed in new[] { record.DocumentNumber, record.SecondDocumentNumber })
        {
            IdentityDocument document = IdentityDocument.Parse(typed);
            if (!document.IsNone && !documents.Contains(document))
            {
                documents.Add(document);
            }
        }

        int year = record.BirthDate?.Year ?? 0;
        int day = 0;
        int swapped = 0;
        if (record.BirthDate?.Date is { } date)
        {
            day = (date.Year * 10000) + (date.Month * 100) + date.Day;
            if (date.Day <= 12 && date.Month != date.Day)
            {
                swapped = (date.Year * 10000) + (date.Day * 100) + date.Month;
            }
        }

        string? phone = record.Phone is { Length: > 0 } raw && _phones.Normalize(raw) is { E164: { } e164 } ? e164 : null;
        return new Query(
            VietnameseName.Parse(record.FullName),
            year,
            day,
            swapped,
            record.Sex ?? Sex.Unknown,
            documents,
            phone,
            Code(record.ProvinceCode),
            Code(record.DistrictCode),
            Code(record.CommuneCode),
            documents.Exists(d => d.Kind == DocumentKind.Passport) || (record.Nationality is { Length: > 0 } nationality && nationality != "VNM"));
    }

    private static int Code(string? code) =>
        !string.IsNullOrEmpty(code) && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : -1;

    // u from random pairs of registry persons, one side read as a query: all distinct persons. The date
    // and place comparisons have level sets per granularity (full date / year only; commune / district /
    // province): each set's u is normalised within the set, and the coarse sets are measured by comparing
    // the random pairs at that granularity (a year-only record against anyone: same year or not).
    private void EstimateU()
    {
        int n = _index.Count;
        long[][] counts = [.. s_levelCounts.Select(c => new long[c])];
        if (n >= 2)
        {
            var random = new Random(_options.Seed);
            Span<byte> pattern = stackalloc byte[6];
            // A registry smaller than the sample (a demo's) draws each person many times: read each as a query once.
            Query?[]? queries = n <= _options.RandomPairs ? new Query?[n] : null;
            for (int k = 0; k < _options.RandomPairs; k++)
            {
                int i = random.Next(n);
                int j = random.Next(n);
                if (i == j)
                {
                    continue;
                }

                Compare(queries is null ? AsQuery(i) : (queries[i] ??= AsQuery(i)), j, pattern);
                for (int c = 0; c < pattern.Length; c++)
                {
                    counts[c][pattern[c]]++;
                }

                int yi = _index.BirthYear(i);
                int yj = _index.BirthYear(j);
                if (yi > 0 && yj > 0)
                {
                    counts[DateComparison][yi == yj ? 6 : 7]++;
                }

                if (_index.District(i) >= 0 && _index.District(j) >= 0)
                {
                    counts[PlaceComparison][_index.District(i) == _index.District(j) ? 5 : _index.Province(i) == _index.Province(j) ? 6 : 7]++;
                }

                if (_index.Province(i) >= 0 && _index.Province(j) >= 0)
                {
                    counts[PlaceComparison][_index.Province(i) == _index.Province(j) ? 8 : 9]++;
                }
            }
        }

        Model.EstimateU(counts);
        foreach ((int comparison, int from, int to) in s_levelSets)
        {
            double total = 0;
            for (int l = from; l <= to; l++)
            {
                total += Math.Max(0.5, counts[comparison][l]);
            }

            for (int l = from; l <= to; l++)
            {
                Model.SetU(comparison, l, Math.Max(0.5, counts[comparison][l]) / total);
            }
        }

        // Random registry pairs carry no phones (the query side is a registry person without one):
        // a non-match holds the record's phone about once in a thousand candidates (families).
        Model.SetU(PhoneComparison, 1, 1e-3);
        Model.SetU(PhoneComparison, 2, 1 - 1e-3);
        Model.SetU(DocumentComparison, 1, Math.Max(Model.U(DocumentComparison, 1), 1e-7));
        Model.SetU(DocumentComparison, 2, Math.Max(Model.U(DocumentComparison, 2), 1e-5));
        Model.Lambda = 1.0 / Math.Max(2, n);
    }

    private Query AsQuery(int index)
    {
        var documents = new List<IdentityDocument>(2);
        if (_index.CitizenNumber(index) is >= 0 and long c)
        {
            documents.Add(new IdentityDocument(DocumentKind.CitizenId, c.ToString("D12", CultureInfo.InvariantCulture)));
        }

        string folded = _index.NameFolded(index);
        VietnameseName? name = VietnameseName.Parse(_index.NameExact(index));
        int day = _index.BirthDay(index);
        int swapped = day > 0 && day % 100 <= 12 ? (day / 10000 * 10000) + (day % 100 * 100) + (day / 100 % 100) : 0;
        return new Query(name ?? VietnameseName.Parse(folded), _index.BirthYear(index), day, swapped, _index.SexOf(index), documents, null,
            _index.Province(index), _index.District(index), _index.Commune(index));
    }

    // Level sets of one comparison conditional on what the record carries (m and u each sum to 1 within a set).
    private static readonly (int Comparison, int From, int To)[] s_levelSets =
    [
        (DateComparison, 1, 5), (DateComparison, 6, 7),
        (PlaceComparison, 1, 4), (PlaceComparison, 5, 7), (PlaceComparison, 8, 9),
    ];

    // Starting m (what legacy data gets wrong, linkage.md §4) and u before estimation.
    private static FellegiSunterModel DefaultModel()
    {
        var model = new FellegiSunterModel(s_levelCounts);
        double[][] m =
        [
            [0, 0.55, 0.30, 0.06, 0.04, 0.04, 0.01],
            [0, 0.89, 0.033, 0.033, 0.022, 0.022, 0.98, 0.02],
            [0, 0.98, 0.02],
            [0, 0.95, 0.04, 0.01],
            [0, 0.85, 0.15],
            [0, 0.80, 0.06, 0.06, 0.08, 0.86, 0.06, 0.08, 0.92, 0.08],
        ];
        for (int c = 0; c < m.Length; c++)
        {
            for (int l = 1; l < m[c].Length; l++)
            {
                model.SetM(c, l, m[c][l]);
            }
        }

        return model;
    }

    internal sealed record Query(
        VietnameseName? Name,
        int Year,
        int Day,
        int SwappedDay,
        Sex Sex,
        List<IdentityDocument> Documents,
        string? Phone,
        int Province,
        int District,
        int Commune,
        bool Foreign = false);
}
