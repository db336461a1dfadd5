using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using PcCovid.Data;
using PcCovid.Data.Jobs;

namespace PcCovid.Web.Infrastructure.Jobs;

/// <summary>
/// Keeps the Data Protection key ring in the database (table <c>data_protection_keys</c>) so that every node
/// reads the same keys: a sign-in cookie or an antiforgery token issued by one node is accepted by the others,
/// and the DCC and QR signing keys, stored encrypted with this ring, open on every node. A read that fails
/// throws (never "no keys", which would make the node mint a ring of its own).
/// </summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using IServiceScope scope = scopes.CreateScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        return [.. db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using IServiceScope scope = scopes.CreateScope();
        PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
