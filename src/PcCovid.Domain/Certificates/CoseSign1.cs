using System.Formats.Cbor;
using System.Security.Cryptography;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// COSE_Sign1 (RFC 8152) as HCERT uses it, written by hand rather than with
/// System.Security.Cryptography.Cose, which refuses what the HCERT specification accepts: a CWT tag 61
/// around tag 18, the kid in both header buckets, the alg in the unprotected bucket (docs/certificates.md).
/// Parsing keeps the protected header's original bytes, which the signature covers.
/// </summary>
public sealed class CoseSign1
{
    public const int Es256 = -7;
    public const int Ps256 = -37;

    private const int CwtTag = 61;
    private const int Sign1Tag = 18;
    private const int AlgLabel = 1;
    private const int KidLabel = 4;

    private CoseSign1(byte[] protectedBytes, int? algorithm, byte[]? kid, bool kidProtected, byte[] payload, byte[] signature)
    {
        ProtectedBytes = protectedBytes;
        Algorithm = algorithm;
        Kid = kid;
        KidProtected = kidProtected;
        Payload = payload;
        Signature = signature;
    }

    public byte[] ProtectedBytes { get; }

    /// <summary>The alg of the protected header, else of the unprotected one.</summary>
    public int? Algorithm { get; }

    /// <summary>The kid of the protected header, else of the unprotected one (HCERT §3.3.3: protected wins).</summary>
    public byte[]? Kid { get; }

    public bool KidProtected { get; }

    public byte[] Payload { get; }

    public byte[] Signature { get; }

    /// <summary>Signs <paramref name="payload"/> with ES256 (P-256, SHA-256, raw r||s); alg and kid protected, tag 18.</summary>
    public static byte[] SignEs256(ReadOnlySpan<byte> payload, ECDsa key, ReadOnlySpan<byte> kid)
    {
        var header = new CborWriter(CborConformanceMode.Lax);
        header.WriteStartMap(2);
        header.WriteInt32(AlgLabel);
        header.WriteInt32(Es256);
        header.WriteInt32(KidLabel);
        header.WriteByteString(kid);
        header.WriteEndMap();
        byte[] protectedBytes = header.Encode();
        byte[] signature = key.SignData(ToBeSigned(protectedBytes, payload), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)Sign1Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedBytes);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Parses a COSE_Sign1 structure; throws <see cref="CborContentException"/> when it is not one.</summary>
    public static CoseSign1 Decode(ReadOnlyMemory<byte> data)
    {
        try
        {
            var reader = new CborReader(data, CborConformanceMode.Lax);
            bool tagged = false;
            while (reader.PeekState() == CborReaderState.Tag)
            {
                CborTag tag = reader.ReadTag();
                // Only a CWT tag around the Sign1 tag, or the Sign1 tag alone, or no tag.
                if (!((ulong)tag == CwtTag && !tagged) && (ulong)tag != Sign1Tag)
                {
                    throw new CborContentException($"Unexpected tag {(ulong)tag}: not a COSE_Sign1.");
                }

                tagged = (ulong)tag == Sign1Tag || tagged;
            }

            if (reader.ReadStartArray() != 4)
            {
                throw new CborContentException("A COSE_Sign1 is an array of four items.");
            }

            byte[] protectedBytes = reader.ReadByteString();
            (int? alg, byte[]? kid) = protectedBytes.Length == 0 ? (null, null) : ReadHeader(new CborReader(protectedBytes, CborConformanceMode.Lax), true);
            (int? alg, byte[]? kid) unprotectedHeader = ReadHeader(reader, false);
            byte[] payload = reader.ReadByteString();
            byte[] signature = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                throw new CborContentException("Bytes after the COSE_Sign1.");
            }

            return new CoseSign1(protectedBytes, alg ?? unprotectedHeader.alg, kid ?? unprotectedHeader.kid, kid is not null, payload, signature);
        }
        catch (InvalidOperationException exception)
        {
            throw new CborContentException("Not a COSE_Sign1: " + exception.Message, exception);
        }
    }

    /// <summary>
    /// Checks the signature with a signer's public key: ES256 needs a P-256 key and a 64-byte r||s;
    /// PS256 an RSA key (PSS, SHA-256, MGF1-SHA-256). Any other algorithm, or a key of the wrong kind, fails.
    /// </summary>
    public bool VerifySignature(DccTrustedSigner signer)
    {
        byte[] toBeSigned = ToBeSigned(ProtectedBytes, Payload);
        switch (Algorithm)
        {
            case Es256:
                return Signature.Length == 64 && signer.VerifyEs256(toBeSigned, Signature);
            case Ps256:
                return signer.VerifyPs256(toBeSigned, Signature);
            default:
                return false;
        }
    }

    private static byte[] ToBeSigned(ReadOnlySpan<byte> protectedBytes, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedBytes);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static (int? Alg, byte[]? Kid) ReadHeader(CborReader reader, bool wholeBuffer)
    {
        int? alg = null;
        byte[]? kid = null;
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            {
                reader.SkipValue();
                reader.SkipValue();
                continue;
            }

            long label = reader.ReadInt64();
            if (label == AlgLabel && reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
            {
                alg = reader.ReadInt32();
            }
            else if (label == KidLabel && reader.PeekState() == CborReaderState.ByteString)
            {
                kid = reader.ReadByteString();
            }
            else
            {
                reader.SkipValue();
            }
        }

        reader.ReadEndMap();
        if (wholeBuffer && reader.BytesRemaining != 0)
        {
            throw new CborContentException("Bytes after the protected header.");
        }

        return (alg, kid);
    }
}
