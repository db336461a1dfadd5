using System.Buffers;

namespace PcCovid.Web.Features.Population;

/// <summary>
/// Splits a UTF-8 stream into lines without decoding it, reusing one growing buffer, so a file of
/// any size is read with flat memory. LF and CRLF endings; a last line without an ending is still a line.
/// </summary>
internal sealed class JsonLinesReader : IDisposable
{
    /// <summary>A line longer than this is refused rather than buffered (a person's record is under 1 KB).</summary>
    public const int MaxLineBytes = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private int _start;
    private int _end;
    private bool _eof;

    public JsonLinesReader(Stream stream)
    {
        _stream = stream;
    }

    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed so far, for a progress bar.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the next line; false at end of stream. <paramref name="tooLong"/> marks a line cut at <see cref="MaxLineBytes"/>.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        tooLong = false;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                line = Slice(_start, newline);
                BytesRead += newline + 1 - _start;
                _start = newline + 1;
                LineNumber++;
                tooLong = line.Length > MaxLineBytes;
                return true;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }

                line = Slice(_start, _end);
                BytesRead += _end - _start;
                _start = _end;
                LineNumber++;
                tooLong = line.Length > MaxLineBytes;
                return true;
            }

            if (_end - _start > MaxLineBytes)
            {
                // Skip to the end of this over-long line and report it as one refused line.
                SkipRestOfLine();
                LineNumber++;
                tooLong = true;
                line = default;
                return true;
            }

            Fill();
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private ReadOnlyMemory<byte> Slice(int from, int to)
    {
        int length = to - from;
        if (length > 0 && _buffer[to - 1] == (byte)'\r')
        {
            length--;
        }

        return new ReadOnlyMemory<byte>(_buffer, from, length);
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private void SkipRestOfLine()
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                BytesRead += newline + 1 - _start;
                _start = newline + 1;
                return;
            }

            BytesRead += _end - _start;
            _start = _end = 0;
            if (_eof)
            {
                return;
            }

            Fill();
        }
    }
}
