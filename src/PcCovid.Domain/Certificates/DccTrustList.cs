namespace PcCovid.Domain.Certificates;

/// <summary>The signers a verifier trusts, by kid. Kids may collide: every signer with the kid is tried.</summary>
public sealed class DccTrustList
{
    private readonly Dictionary<string, List<DccTrustedSigner>> _byKid = new(StringComparer.Ordinal);

    public DccTrustList(IEnumerable<DccTrustedSigner> signers)
    {
        foreach (DccTrustedSigner signer in signers)
        {
            if (!_byKid.TryGetValue(signer.KidBase64, out List<DccTrustedSigner>? list))
            {
                list = [];
                _byKid[signer.KidBase64] = list;
            }

            list.Add(signer);
        }

        Signers = [.. _byKid.Values.SelectMany(s => s)];
    }

    public IReadOnlyList<DccTrustedSigner> Signers { get; }

    public IReadOnlyList<DccTrustedSigner> Find(byte[] kid) =>
        _byKid.TryGetValue(Convert.ToBase64String(kid), out List<DccTrustedSigner>? list) ? list : [];
}
