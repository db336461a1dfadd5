using System.Collections.Concurrent;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Tracing;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// The check-ins in memory, shaped for the two questions tracing asks: who was at venue V between t1 and t2, and
/// where was person P between t1 and t2. One segment per UTC hour of check-in time; a segment is a sorted part —
/// compact column arrays (venue, start, end, person, key) sorted by venue and time, plus positions sorted by person
/// — and a small unsorted delta of what arrived since, merged into a new sorted part when it grows. 24 bytes per
/// check-in in the sorted part. Exact: every stored check-in is here once (identity: venue, time, person and 32 bits
/// of the key hash), a check-out sets the end, retention drops whole hours.
/// <para>
/// Threads: writers (feed, catch-up, merge) take the segment's lock; readers take no lock: they read the segment's
/// current state (the sorted part and the delta published together), the delta up to its published count. An end
/// is one int written in place. A reader that runs during a merge sees the state before it or after it.
/// </para>
/// </summary>
public sealed class CoPresenceIndex
{
    public const long SegmentMs = 3_600_000;

    /// <summary>An end no check-out gave: the rules' assumed dwell applies when tracing.</summary>
    private const int Open = -1;

    /// <summary>A stay longer than this (about 24.8 days) is kept as this long: beyond any maximum stay a rule could set.</summary>
    private const int LongestStayMs = int.MaxValue - 1;

    private readonly ConcurrentDictionary<long, Segment> _segments = new();

    /// <summary>The earliest hour held, a lower bound (segments below it were dropped).</summary>
    private long _droppedBeforeHour = long.MinValue;

    /// <summary>How many check-ins are held.</summary>
    public long Count => _segments.Values.Sum(s => (long)s.Current.Length + s.Current.Delta.Count);

    /// <summary>The bytes of the arrays held (sorted parts and deltas, allocated capacity).</summary>
    public long Bytes => _segments.Values.Sum(s => s.Current.Bytes);

    /// <summary>Builds an index from every row at once (one sort per hour, in parallel): the start-up load.</summary>
    public static CoPresenceIndex Build(IEnumerable<CheckInRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new Builder();
        foreach (CheckInRow row in rows)
        {
            builder.Add(row);
        }

        return builder.Build();
    }

    /// <summary>Collects rows per hour (20 bytes each), then sorts each hour into its compact arrays.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<long, List<Entry>> _byHour = [];

        public long Count { get; private set; }

        public void Add(CheckInRow row)
        {
            long hour = HourOf(row.AtMs);
            if (!_byHour.TryGetValue(hour, out List<Entry>? list))
            {
                _byHour[hour] = list = [];
            }

            list.Add(Entry.Of(row, hour));
            Count++;
        }

        public CoPresenceIndex Build()
        {
            var index = new CoPresenceIndex();
            Parallel.ForEach(_byHour, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, pair =>
            {
                Entry[] all = [.. pair.Value];
                pair.Value.Clear();
                pair.Value.TrimExcess();
                var segment = new Segment(pair.Key);
                segment.Current = State.Sorted(Deduplicate(all));
                index._segments[pair.Key] = segment;
            });
            _byHour.Clear();
            return index;
        }
    }

    /// <summary>Adds a check-in, or when it is already here sets its check-out (the store's value wins). Returns false for an hour already dropped.</summary>
    public bool Apply(CheckInRow row)
    {
        long hour = HourOf(row.AtMs);
        if (hour < Volatile.Read(ref _droppedBeforeHour))
        {
            return false;
        }

        Segment segment = _segments.GetOrAdd(hour, h => new Segment(h));
        lock (segment.Gate)
        {
            segment.Apply(Entry.Of(row, hour));
        }

        return true;
    }

    /// <summary>A check-out made on this node: sets the end of the check-in when it has none (as the store's <c>COALESCE</c> does).</summary>
    public void CheckOut(long venueId, long atMs, long keyHash, long personId, long outMs)
    {
        long hour = HourOf(atMs);
        if (_segments.TryGetValue(hour, out Segment? segment))
        {
            lock (segment.Gate)
            {
                segment.CheckOut(Entry.Of(new CheckInRow(venueId, atMs, keyHash, personId, outMs), hour));
            }
        }
    }

    /// <summary>Drops every hour that ends at or before the cutoff (retention); returns how many check-ins went.</summary>
    public long DropBefore(long cutoffMs)
    {
        long firstKept = HourOf(cutoffMs);
        long current = Volatile.Read(ref _droppedBeforeHour);
        if (firstKept > current)
        {
            Interlocked.CompareExchange(ref _droppedBeforeHour, firstKept, current);
        }

        long dropped = 0;
        foreach (long hour in _segments.Keys.Where(h => h < firstKept).ToList())
        {
            if (_segments.TryRemove(hour, out Segment? segment))
            {
                dropped += segment.Current.Length + segment.Current.Delta.Count;
            }
        }

        return dropped;
    }

    /// <summary>The stays of a person whose check-in time is in [from, to).</summary>
    public void OfPerson(long personId, long fromMs, long toMs, List<Stay> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (personId is < 0 or > int.MaxValue || toMs <= fromMs)
        {
            return;
        }

        int person = (int)personId;
        for (long hour = HourOf(fromMs), last = HourOf(toMs - 1); hour <= last; hour++)
        {
            if (!_segments.TryGetValue(hour, out Segment? segment))
            {
                continue;
            }

            State state = segment.Current;
            long baseMs = hour * SegmentMs;
            int lo = (int)Math.Max(0, fromMs - baseMs);
            int hi = (int)Math.Min(SegmentMs, toMs - baseMs);
            for (int i = state.FirstOfPerson(person); i < state.Length && state.Person[state.ByPerson[i]] == person; i++)
            {
                int at = state.ByPerson[i];
                if (state.Start[at] >= lo && state.Start[at] < hi)
                {
                    into.Add(state.StayAt(at, baseMs));
                }
            }

            Delta delta = state.Delta;
            int count = Volatile.Read(ref delta.Count);
            for (int i = 0; i < count; i++)
            {
                ref Entry e = ref delta.Items[i];
                if (e.Person == person && e.Start >= lo && e.Start < hi)
                {
                    into.Add(e.StayAt(baseMs));
                }
            }
        }
    }

    /// <summary>The stays at a venue whose check-in time is in [from, to).</summary>
    public void AtVenue(long venueId, long fromMs, long toMs, List<Stay> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (venueId is < 0 or > int.MaxValue || toMs <= fromMs)
        {
            return;
        }

        int venue = (int)venueId;
        for (long hour = HourOf(fromMs), last = HourOf(toMs - 1); hour <= last; hour++)
        {
            if (!_segments.TryGetValue(hour, out Segment? segment))
            {
                continue;
            }

            State state = segment.Current;
            long baseMs = hour * SegmentMs;
            int lo = (int)Math.Max(0, fromMs - baseMs);
            int hi = (int)Math.Min(SegmentMs, toMs - baseMs);
            for (int i = state.FirstAt(venue, lo); i < state.Length && state.Venue[i] == venue && state.Start[i] < hi; i++)
            {
                into.Add(state.StayAt(i, baseMs));
            }

            Delta delta = state.Delta;
            int count = Volatile.Read(ref delta.Count);
            for (int i = 0; i < count; i++)
            {
                ref Entry e = ref delta.Items[i];
                if (e.Venue == venue && e.Start >= lo && e.Start < hi)
                {
                    into.Add(e.StayAt(baseMs));
                }
            }
        }
    }

    /// <summary>Every check-in held, in a fixed order (venue, time, person, key): to compare two indexes in tests.</summary>
    public List<(long VenueId, long AtMs, long PersonId, int Key, long? OutMs)> Dump()
    {
        var all = new List<(long, long, long, int, long?)>();
        foreach ((long hour, Segment segment) in _segments)
        {
            State state = segment.Current;
            long baseMs = hour * SegmentMs;
            for (int i = 0; i < state.Length; i++)
            {
                all.Add((state.Venue[i], baseMs + state.Start[i], state.Person[i], state.Key[i], state.End[i] == Open ? null : baseMs + state.Start[i] + state.End[i]));
            }

            for (int i = 0; i < state.Delta.Count; i++)
            {
                Entry e = state.Delta.Items[i];
                all.Add((e.Venue, baseMs + e.Start, e.Person, e.Key, e.End == Open ? null : baseMs + e.Start + e.End));
            }
        }

        return [.. all.Order()];
    }

    private static long HourOf(long ms) => Math.DivRem(ms, SegmentMs, out long rem) - (rem < 0 ? 1 : 0);

    /// <summary>Two rows of the same identity (the same check-in read twice while building): the one with an end wins.</summary>
    private static Entry[] Deduplicate(Entry[] all)
    {
        Array.Sort(all, EntryOrder.Instance);
        int kept = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (kept > 0 && all[kept - 1].SameAs(all[i]))
            {
                if (all[kept - 1].End == Open)
                {
                    all[kept - 1].End = all[i].End;
                }

                continue;
            }

            all[kept++] = all[i];
        }

        return kept == all.Length ? all : all[..kept];
    }

    /// <summary>One check-in: venue and person as ints (ids beyond 2³¹ are refused by the feed), start in ms within the hour, end as ms after the start or <see cref="Open"/>, 32 bits of the key hash.</summary>
    internal struct Entry
    {
        public int Venue;
        public int Start;
        public int End;
        public int Person;
        public int Key;

        public static Entry Of(CheckInRow row, long hour)
        {
            if (row.VenueId is < 0 or > int.MaxValue || row.PersonId is < 0 or > int.MaxValue)
            {
                throw new InvalidOperationException("The co-presence index holds venue and person ids up to 2^31.");
            }

            return new Entry
            {
                Venue = (int)row.VenueId,
                Start = (int)(row.AtMs - (hour * SegmentMs)),
                End = row.OutMs is { } o ? (int)Math.Clamp(o - row.AtMs, 0, LongestStayMs) : Open,
                Person = (int)row.PersonId,
                Key = unchecked((int)row.KeyHash),
            };
        }

        public readonly bool SameAs(in Entry other) => Venue == other.Venue && Start == other.Start && Person == other.Person && Key == other.Key;

        public readonly Stay StayAt(long baseMs) => new(Venue, Person, baseMs + Start, End == Open ? null : baseMs + Start + End);
    }

    private sealed class EntryOrder : IComparer<Entry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(Entry x, Entry y) =>
            x.Venue != y.Venue ? x.Venue.CompareTo(y.Venue)
            : x.Start != y.Start ? x.Start.CompareTo(y.Start)
            : x.Person != y.Person ? x.Person.CompareTo(y.Person)
            : x.Key.CompareTo(y.Key);
    }

    /// <summary>What arrived since the last merge, unsorted; readers read up to <see cref="Count"/> (published after the item is written).</summary>
    private sealed class Delta(int capacity)
    {
        public static readonly Delta Empty = new(0);

        public readonly Entry[] Items = new Entry[capacity];
        public int Count;
    }

    /// <summary>A segment's sorted part and delta, published together.</summary>
    private sealed class State
    {
        public static readonly State Empty = new([], [], [], [], [], [], Delta.Empty);

        private State(int[] venue, int[] start, int[] end, int[] person, int[] key, int[] byPerson, Delta delta)
        {
            Venue = venue;
            Start = start;
            End = end;
            Person = person;
            Key = key;
            ByPerson = byPerson;
            Delta = delta;
        }

        public int[] Venue { get; }

        public int[] Start { get; }

        /// <summary>Written in place by a check-out (one int).</summary>
        public int[] End { get; }

        public int[] Person { get; }

        public int[] Key { get; }

        /// <summary>Positions sorted by (person, start).</summary>
        public int[] ByPerson { get; }

        public Delta Delta { get; }

        public int Length => Venue.Length;

        public long Bytes => (6L * 4 * Length) + (20L * Delta.Items.Length);

        /// <summary>The sorted part of already sorted, de-duplicated entries, with an empty delta.</summary>
        public static State Sorted(Entry[] sorted)
        {
            int n = sorted.Length;
            int[] venue = new int[n], start = new int[n], end = new int[n], person = new int[n], key = new int[n], byPerson = new int[n];
            long[] personOrder = new long[n];
            for (int i = 0; i < n; i++)
            {
                venue[i] = sorted[i].Venue;
                start[i] = sorted[i].Start;
                end[i] = sorted[i].End;
                person[i] = sorted[i].Person;
                key[i] = sorted[i].Key;
                byPerson[i] = i;
                personOrder[i] = ((long)sorted[i].Person << 32) | (uint)sorted[i].Start;
            }

            Array.Sort(personOrder, byPerson);
            return new State(venue, start, end, person, key, byPerson, Delta.Empty);
        }

        public State With(Delta delta) => new(Venue, Start, End, Person, Key, ByPerson, delta);

        public Stay StayAt(int i, long baseMs) => new(Venue[i], Person[i], baseMs + Start[i], End[i] == Open ? null : baseMs + Start[i] + End[i]);

        /// <summary>The first position with (venue, start) ≥ the given.</summary>
        public int FirstAt(int venue, int start)
        {
            int lo = 0, hi = Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (Venue[mid] < venue || (Venue[mid] == venue && Start[mid] < start))
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        /// <summary>The first index into <see cref="ByPerson"/> of the person.</summary>
        public int FirstOfPerson(int person)
        {
            int lo = 0, hi = Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (Person[ByPerson[mid]] < person)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }

    private sealed class Segment(long hour)
    {
        public readonly object Gate = new();

        /// <summary>Positions in the current delta by identity (under <see cref="Gate"/>).</summary>
        private readonly Dictionary<(int Venue, int Start, int Person, int Key), int> _inDelta = [];

        private volatile State _current = State.Empty;

        public long Hour { get; } = hour;

        public State Current
        {
            get => _current;
            set => _current = value;
        }

        public void Apply(Entry entry)
        {
            State state = _current;
            int at = Find(state, entry);
            if (at >= 0)
            {
                if (entry.End != Open)
                {
                    state.End[at] = entry.End;
                }

                return;
            }

            if (_inDelta.TryGetValue((entry.Venue, entry.Start, entry.Person, entry.Key), out int d))
            {
                if (entry.End != Open)
                {
                    state.Delta.Items[d].End = entry.End;
                }

                return;
            }

            Delta delta = state.Delta;
            if (delta.Count == delta.Items.Length)
            {
                if (delta.Count >= MergeAt(state.Length))
                {
                    state = Merge(state);
                    delta = state.Delta;
                }

                if (delta.Count == delta.Items.Length)
                {
                    var grown = new Delta(Math.Max(16, delta.Items.Length * 2));
                    Array.Copy(delta.Items, grown.Items, delta.Count);
                    grown.Count = delta.Count;
                    delta = grown;
                    state = state.With(delta);
                    _current = state;
                }
            }

            delta.Items[delta.Count] = entry;
            _inDelta[(entry.Venue, entry.Start, entry.Person, entry.Key)] = delta.Count;
            Volatile.Write(ref delta.Count, delta.Count + 1);
        }

        public void CheckOut(Entry entry)
        {
            State state = _current;
            int at = Find(state, entry);
            if (at >= 0)
            {
                if (state.End[at] == Open)
                {
                    state.End[at] = entry.End;
                }
            }
            else if (_inDelta.TryGetValue((entry.Venue, entry.Start, entry.Person, entry.Key), out int d) && state.Delta.Items[d].End == Open)
            {
                state.Delta.Items[d].End = entry.End;
            }
        }

        /// <summary>The delta is merged when it reaches a quarter of the sorted part (at least 4,096, at most 65,536): amortized copying, short delta scans.</summary>
        private static int MergeAt(int sorted) => Math.Clamp(sorted / 4, 4096, 65_536);

        private static int Find(State state, in Entry entry)
        {
            for (int i = state.FirstAt(entry.Venue, entry.Start); i < state.Length && state.Venue[i] == entry.Venue && state.Start[i] == entry.Start; i++)
            {
                if (state.Person[i] == entry.Person && state.Key[i] == entry.Key)
                {
                    return i;
                }
            }

            return -1;
        }

        private State Merge(State state)
        {
            int n = state.Length;
            int d = state.Delta.Count;
            var all = new Entry[n + d];
            for (int i = 0; i < n; i++)
            {
                all[i] = new Entry { Venue = state.Venue[i], Start = state.Start[i], End = state.End[i], Person = state.Person[i], Key = state.Key[i] };
            }

            Array.Copy(state.Delta.Items, 0, all, n, d);
            State merged = State.Sorted(Deduplicate(all));
            _inDelta.Clear();
            _current = merged;
            return merged;
        }
    }
}
