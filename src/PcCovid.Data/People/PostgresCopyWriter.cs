using System.Buffers.Binary;
using System.Text;

namespace PcCovid.Data.People;

/// <summary>
/// Rows in PostgreSQL's binary COPY format, encoded straight into a buffer and handed to a raw COPY stream
/// (<c>NpgsqlConnection.BeginRawBinaryCopyAsync</c>) whenever it fills. Npgsql's row importer resolves a converter and
/// goes through a parameter for every value: at a million people and 22 columns that was most of the load's client
/// time, on the thread that also waits for the server. The format is PostgreSQL's documented one: a signature and
/// two zero words, then per row the field count and, per field, its length (−1 for NULL) and its bytes in network
/// order, and a −1 word at the end.
/// </summary>
internal sealed class PostgresCopyWriter
{
    private const int FlushAt = 60 * 1024;
    private static readonly byte[] s_signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    // PostgreSQL counts dates and times from 2000-01-01.
    private static readonly DateOnly s_dateEpoch = new(2000, 1, 1);
    private static readonly long s_timestampEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly Stream _copy;
    private byte[] _buffer = new byte[FlushAt + 16 * 1024];
    private int _length;

    private PostgresCopyWriter(Stream copy) => _copy = copy;

    public static PostgresCopyWriter Start(Stream copy)
    {
        var writer = new PostgresCopyWriter(copy);
        writer.Bytes(s_signature);
        writer.Int32Raw(0); // flags
        writer.Int32Raw(0); // header extension length
        return writer;
    }

    /// <summary>Starts a row of <paramref name="fields"/> values, after sending the buffer if it is nearly full.</summary>
    public async ValueTask StartRowAsync(short fields, CancellationToken cancellationToken)
    {
        if (_length >= FlushAt)
        {
            await _copy.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
            _length = 0;
        }

        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), fields);
        _length += 2;
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }

        int most = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(4 + most);
        int written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    public void Int32(int? value)
    {
        if (value is not { } number)
        {
            Null();
            return;
        }

        Int32Raw(4);
        Int32Raw(number);
    }

    public void Int64(long value)
    {
        Int32Raw(8);
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Date(DateOnly? value)
    {
        if (value is not { } day)
        {
            Null();
            return;
        }

        Int32Raw(4);
        Int32Raw(day.DayNumber - s_dateEpoch.DayNumber);
    }

    /// <summary>A UTC time as <c>timestamptz</c>: microseconds since 2000-01-01 UTC.</summary>
    public void TimestampTz(DateTime utc) => Int64((utc.Ticks - s_timestampEpochTicks) / TimeSpan.TicksPerMicrosecond);

    public void Boolean(bool value)
    {
        Int32Raw(1);
        Ensure(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
    }

    public void Null() => Int32Raw(-1);

    /// <summary>Sends the rest and the end marker; the caller then disposes the stream, which completes the COPY.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += 2;
        await _copy.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        _length = 0;
    }

    private void Int32Raw(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            // Only a value longer than the spare room gets here (a snapshot line is a few hundred bytes).
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
