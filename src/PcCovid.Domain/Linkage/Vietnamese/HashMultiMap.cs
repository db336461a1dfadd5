namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>
/// A compact map from a 64-bit key hash to a list of person indices: an open-addressing table
/// (linear probing, ≤ 75 % full) of keys and chain heads, and two int arrays chaining the entries,
/// so a key costs about 16 bytes and each entry 8. Collisions of the 64-bit hash are harmless:
/// candidates are always scored.
/// </summary>
internal sealed class HashMultiMap
{
    private ulong[] _keys;
    private int[] _heads;
    private int _distinct;
    private int[] _next;
    private int[] _values;
    private int _count;

    public HashMultiMap(int capacity = 16)
    {
        int slots = 16;
        while (slots * 3 / 4 < capacity)
        {
            slots *= 2;
        }

        _keys = new ulong[slots];
        _heads = new int[slots];
        Array.Fill(_heads, -1);
        _next = new int[Math.Max(16, capacity)];
        _values = new int[Math.Max(16, capacity)];
    }

    public int Count => _count;

    public long ApproximateBytes => ((long)_keys.Length * 12) + ((long)_next.Length * 8);

    public void Add(ulong key, int value)
    {
        if (_count == _next.Length)
        {
            Array.Resize(ref _next, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        if ((_distinct + 1) * 4 > _keys.Length * 3)
        {
            Grow();
        }

        int slot = Find(key);
        if (_heads[slot] < 0)
        {
            _keys[slot] = key;
            _distinct++;
        }

        _next[_count] = _heads[slot];
        _values[_count] = value;
        _heads[slot] = _count;
        _count++;
    }

    /// <summary>Copies the values of a key into <paramref name="into"/>, up to <paramref name="max"/>; returns the full count.</summary>
    public int Get(ulong key, List<int> into, int max)
    {
        int total = 0;
        for (int entry = _heads[Find(key)]; entry >= 0; entry = _next[entry])
        {
            if (total < max)
            {
                into.Add(_values[entry]);
            }

            total++;
        }

        return total;
    }

    /// <summary>The first value of a key, or -1.</summary>
    public int First(ulong key)
    {
        int entry = _heads[Find(key)];
        return entry < 0 ? -1 : _values[entry];
    }

    public bool Contains(ulong key, int value)
    {
        for (int entry = _heads[Find(key)]; entry >= 0; entry = _next[entry])
        {
            if (_values[entry] == value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gives back the spare capacity of the entry arrays after a bulk load.</summary>
    public void TrimExcess()
    {
        Array.Resize(ref _next, Math.Max(16, _count));
        Array.Resize(ref _values, Math.Max(16, _count));
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

    private int Find(ulong key)
    {
        int mask = _keys.Length - 1;
        int slot = (int)(Mix(key) & (ulong)mask);
        while (_heads[slot] >= 0 && _keys[slot] != key)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        ulong[] keys = _keys;
        int[] heads = _heads;
        _keys = new ulong[keys.Length * 2];
        _heads = new int[keys.Length * 2];
        Array.Fill(_heads, -1);
        for (int i = 0; i < keys.Length; i++)
        {
            if (heads[i] >= 0)
            {
                int slot = Find(keys[i]);
                _keys[slot] = keys[i];
                _heads[slot] = heads[i];
            }
        }
    }

    private static ulong Mix(ulong key)
    {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdUL;
        key ^= key >> 33;
        return key;
    }
}
