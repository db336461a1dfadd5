namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>
/// A compact map from a 64-bit key hash to a list of person indices: one dictionary entry per key
/// (its newest entry) and two int arrays chaining the rest, so a key costs ~28 bytes and each further
/// person 8. Collisions of the 64-bit hash are harmless: candidates are always scored.
/// </summary>
internal sealed class HashMultiMap
{
    private readonly Dictionary<ulong, int> _heads;
    private int[] _next;
    private int[] _values;
    private int _count;

    public HashMultiMap(int capacity = 16)
    {
        _heads = new Dictionary<ulong, int>(capacity);
        _next = new int[Math.Max(16, capacity)];
        _values = new int[Math.Max(16, capacity)];
    }

    public int Count => _count;

    public long ApproximateBytes => ((long)_heads.Count * 28) + ((long)_next.Length * 8);

    public void Add(ulong key, int value)
    {
        if (_count == _next.Length)
        {
            Array.Resize(ref _next, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _next[_count] = _heads.TryGetValue(key, out int head) ? head : -1;
        _values[_count] = value;
        _heads[key] = _count;
        _count++;
    }

    /// <summary>Copies the values of a key into <paramref name="into"/>, up to <paramref name="max"/>; returns the full count.</summary>
    public int Get(ulong key, List<int> into, int max)
    {
        if (!_heads.TryGetValue(key, out int entry))
        {
            return 0;
        }

        int total = 0;
        for (; entry >= 0; entry = _next[entry])
        {
            if (total < max)
            {
                into.Add(_values[entry]);
            }

            total++;
        }

        return total;
    }

    public bool Contains(ulong key, int value)
    {
        if (!_heads.TryGetValue(key, out int entry))
        {
            return false;
        }

        for (; entry >= 0; entry = _next[entry])
        {
            if (_values[entry] == value)
            {
                return true;
            }
        }

        return false;
    }

    public int CountOf(ulong key)
    {
        int total = 0;
        if (_heads.TryGetValue(key, out int entry))
        {
            for (; entry >= 0; entry = _next[entry])
            {
                total++;
            }
        }

        return total;
    }

    /// <summary>FNV-1a 64 of a string with a salt (the rule), the hash every key goes through.</summary>
    public static ulong Hash(string salt, string value)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in salt)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ 0x1F) * 1099511628211UL;
        foreach (char c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
