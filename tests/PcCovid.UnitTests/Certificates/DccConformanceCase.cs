using System.Formats.Cbor;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using PcCovid.Domain.Certificates;
using PcCovid.Web.Features.Certificates;

namespace PcCovid.UnitTests.Certificates;

/// <summary>
/// One case of the dgc-testdata corpus, run the way its README prescribes: each EXPECTED* flag tests
/// one step on that step's own input (PREFIX, BASE45, COMPRESSED, COSE, CBOR, JSON), with the case's
/// DSC as the only trusted signer and its VALIDATIONCLOCK as the time.
/// </summary>
internal sealed class DccConformanceCase
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Certificates", "dcc-testdata");

    private readonly JsonObject _case;

    private DccConformanceCase(string name, JsonObject json)
    {
        Name = name;
        _case = json;
    }

    public string Name { get; }

    public string? Note { get; private set; }

    /// <summary>Flag → what the verifier found (true = the step succeeded).</summary>
    public Dictionary<string, bool> Actual { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, bool> Expected { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Disagreements => Expected.Where(e => Actual.TryGetValue(e.Key, out bool a) && a != e.Value).Select(e => e.Key).Order(StringComparer.Ordinal);

    public static IEnumerable<string> AllNames() =>
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Where(f => f.Contains("2dcode", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static DccConformanceCase Run(string name)
    {
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Root, name)))!;
        var testCase = new DccConformanceCase(name, json);
        testCase.Evaluate();
        return testCase;
    }

    private string? Text(string key) => _case[key] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : null;

    private void Evaluate()
    {
        if (_case["EXPECTEDRESULTS"] is JsonObject expected)
        {
            foreach ((string key, JsonNode? value) in expected)
            {
                if (value is JsonValue v && v.TryGetValue(out bool flag))
                {
                    Expected[key] = flag;
                }
            }
        }

        JsonObject context = _case["TESTCTX"] as JsonObject ?? [];
        string? certificate = context["CERTIFICATE"] is JsonValue c && c.TryGetValue(out string? der) && der.Length > 0 ? der : null;
        DateTimeOffset? clock = context["VALIDATIONCLOCK"] is JsonValue k && k.TryGetValue(out string? t) && t.Length > 0
            ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)
            : null;
        List<DccTrustedSigner> signers = certificate is null ? [] : [new DccTrustedSigner(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate)))];
        var verifier = new DccVerifier(new DccTrustList(signers));

        string? prefix = Text("PREFIX");
        string? base45 = Text("BASE45");
        byte[]? compressed = Text("COMPRESSED") is { } ch ? Convert.FromHexString(ch) : null;
        byte[]? cose = Text("COSE") is { } co ? Convert.FromHexString(co) : null;

        if (prefix is not null)
        {
            Actual["EXPECTEDUNPREFIX"] = Hcert.TryUnprefix(prefix, out string rest);
            base45 ??= Actual["EXPECTEDUNPREFIX"] ? rest : null;
        }

        if (Text("2DCODE") is { } png && prefix is not null)
        {
            Actual["EXPECTEDPICTUREDECODE"] = QrImageReader.TryRead(Convert.FromBase64String(png)) == prefix;
        }

        if (base45 is not null)
        {
            bool decoded = Base45.TryDecode(base45, out byte[] bytes);
            Actual["EXPECTEDB45DECODE"] = decoded && (compressed is null || bytes.AsSpan().SequenceEqual(compressed));
            compressed ??= decoded ? bytes : null;
        }

        if (compressed is not null)
        {
            bool inflated = Hcert.TryDecompress(compressed, out byte[] bytes);
            Actual["EXPECTEDCOMPRESSION"] = inflated && (cose is null || bytes.AsSpan().SequenceEqual(cose));
            cose ??= inflated ? bytes : null;
        }

        if (cose is null)
        {
            return;
        }

        DccVerification result = verifier.VerifyCose(cose, clock ?? DateTimeOffset.UnixEpoch);
        Actual["EXPECTEDVERIFY"] = result.SignatureVerified;
        JsonObject? payload = result.Payload;
        if (Text("CBOR") is { } cborHex)
        {
            // Some countries give the DCC, others the whole CWT claims map.
            JsonNode? fromCbor = TryReadCbor(Convert.FromHexString(cborHex));
            if (fromCbor is JsonObject claims && claims["-260"]?["1"] is JsonObject dcc)
            {
                fromCbor = dcc;
            }

            Actual["EXPECTEDDECODE"] = payload is not null && fromCbor is not null && SameJson(payload, fromCbor);
        }
        else
        {
            Actual["EXPECTEDDECODE"] = payload is not null;
        }

        if (_case["JSON"] is JsonObject expectedJson)
        {
            Actual["EXPECTEDVALIDJSON"] = payload is not null && SameJson(payload, expectedJson);
        }

        if (payload is not null)
        {
            (DccCertificateType? kind, string? problem) = DccPayloadCheck.Check(payload);
            Actual["EXPECTEDSCHEMAVALIDATION"] = kind is not null;
            Note = problem + " " + (_case["TESTCTX"]?["DESCRIPTION"]?.ToString() ?? string.Empty);
        }

        if (result.Type is { } type && signers.Count == 1)
        {
            Actual["EXPECTEDKEYUSAGE"] = signers[0].AllowedTypes.Contains(type);
        }

        if (clock is not null && result.ExpiresAt is not null)
        {
            Actual["EXPECTEDEXPIRATIONCHECK"] = !result.Failures.Contains(DccFailure.Expired) && !result.Failures.Contains(DccFailure.NotYetValid);
        }
    }

    private static double Number(JsonValue value) =>
        value.TryGetValue(out long l) ? l : value.TryGetValue(out double d) ? d : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static JsonNode? TryReadCbor(byte[] data)
    {
        try
        {
            var reader = new CborReader(data, CborConformanceMode.Lax);
            JsonNode? node = DccCbor.ReadAsJson(reader);
            return reader.BytesRemaining == 0 ? node : null;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Equal as JSON, ignoring key order; numbers compared by value (1 == 1.0).</summary>
    internal static bool SameJson(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.ContainsKey(p.Key) && SameJson(p.Value, y[p.Key]));
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Zip(y).All(p => SameJson(p.First, p.Second));
            case (JsonValue x, JsonValue y):
                if (x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number)
                {
                    return Number(x) == Number(y);
                }

                return JsonNode.DeepEquals(x, y);
            default:
                return false;
        }
    }
}
