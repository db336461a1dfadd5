using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Tracing;

namespace PcCovid.Web.Features.Bluetooth;

/// <summary>
/// The AES-256 keys of the Bluetooth temporary ids, in the platform's key store (the QR signing keys' table, purpose
/// <see cref="QrKeyPurpose.BluetoothTempId"/>, the secret protected by Data Protection): created on first use, cached,
/// the active one issuing and every one opening. The key id travels inside each temporary id. A temporary id naming
/// a key this node has not loaded reloads the ring, at most every 30 seconds (forged ids must not become reads).
/// </summary>
public sealed class TempIdKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, ILogger<TempIdKeyRing> logger)
    : Infrastructure.CachedKeyRing<TempIdKeyRing.Ring>(clock)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PcCovid.Bluetooth.TempIdKey.v1");

    public sealed record Ring(string ActiveKid, IReadOnlyDictionary<string, byte[]> Keys)
    {
        public byte[] ActiveKey => Keys[ActiveKid];

        public byte[] ActiveKidBytes => Base64Url.DecodeFromChars(ActiveKid);
    }

    /// <summary>The ring that knows the given key ids, reloading once (rate-limited) when one is unknown.</summary>
    public async ValueTask<Ring> ForKidsAsync(IEnumerable<string> kids, CancellationToken cancellationToken)
    {
        Ring ring = await GetAsync(cancellationToken).ConfigureAwait(false);
        return kids.All(ring.Keys.ContainsKey) ? ring : await RefreshForUnknownKidAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<Ring> LoadAsync(CancellationToken cancellationToken)
    {
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        List<QrSigningKey> keys = await db.QrSigningKeys.Where(k => k.Purpose == QrKeyPurpose.BluetoothTempId).OrderBy(k => k.CreatedAtUtc)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? active = null;
        DateTime now = Clock.GetUtcNow().UtcDateTime;
        foreach (QrSigningKey key in keys)
        {
            try
            {
                secrets[key.Kid] = _protector.Unprotect(Convert.FromBase64String(key.ProtectedSecret));
                if (key.IsActive)
                {
                    active = key.Kid;
                }
            }
            catch (CryptographicException)
            {
                logger.LogWarning("Bluetooth temporary-id key {Kid} cannot be decrypted (Data Protection key ring changed); it is retired", key.Kid);
                key.Retire(now);
            }
        }

        if (active is null)
        {
            byte[] secret = RandomNumberGenerator.GetBytes(32);
            string kid = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(BluetoothTempId.KeyIdBytes));
            db.QrSigningKeys.Add(QrSigningKey.Create(QrKeyPurpose.BluetoothTempId, kid, Convert.ToBase64String(_protector.Protect(secret)), null, now));
            secrets[kid] = secret;
            active = kid;
            logger.LogInformation("Bluetooth temporary-id key {Kid} created", kid);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Ring(active, secrets);
    }
}
