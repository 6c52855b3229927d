using System.Xml.Linq;
using GobiernoAbierto.Hosting;
using GobiernoAbierto.Tests.Support;
using Marten;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GobiernoAbierto.Tests.Scenarios;

/// <summary>
/// The console's cookies are sealed with Data Protection's key ring, kept in PostgreSQL. Data Protection uses a key
/// stored with its secret in clear as it finds it, so a key planted in that table by someone who can write the database
/// but lacks the server secret would let them forge an auditor's session without touching any account.
/// </summary>
[Collection(SharedService.Name)]
public sealed class when_someone_plants_a_key_in_the_data_protection_ring(ServiceFixture service)
{
    [Fact]
    public async Task a_key_whose_secret_is_not_sealed_by_the_service_is_never_read()
    {
        using (await ConsoleAccounts.SignedInClientAsync(service, await ConsoleAccounts.CreateAsync(service, Roles.Staff))) { } // the ring has a key
        var store = service.Services.GetRequiredService<IDocumentStore>();
        DataProtectionKeys.StoredKey genuine;
        await using (var session = store.QuerySession())
            genuine = (await session.Query<DataProtectionKeys.StoredKey>().ToListAsync()).First();
        var key = XElement.Parse(genuine.Xml);
        Assert.True(DataProtectionKeys.IsTrusted(key));

        // The same key, its secret replaced by one in clear, as Data Protection writes a key nobody encrypts.
        var planted = new XElement(key);
        var plantedId = Guid.NewGuid();
        planted.SetAttributeValue("id", plantedId);
        var secret = planted.Descendants().Single(e => e.Name.LocalName == "encryptedSecret");
        secret.ReplaceWith(new XElement("value", Convert.ToBase64String(new byte[64])));
        await using (var session = store.LightweightSession())
        {
            session.Store(new DataProtectionKeys.StoredKey { Id = $"key-{plantedId}", Xml = planted.ToString(SaveOptions.DisableFormatting) });
            await session.SaveChangesAsync();
        }

        var ring = service.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository!.GetAllElements();
        Assert.Contains(ring, e => (string?)e.Attribute("id") == (string?)key.Attribute("id"));
        Assert.DoesNotContain(ring, e => (string?)e.Attribute("id") == plantedId.ToString());
        Assert.False(DataProtectionKeys.IsTrusted(planted));
        // Nor one that names another decryptor, which Data Protection would load and run.
        var otherDecryptor = new XElement(key);
        otherDecryptor.Descendants().Single(e => e.Name.LocalName == "encryptedSecret")
            .SetAttributeValue("decryptorType", "Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlDecryptor, Microsoft.AspNetCore.DataProtection");
        Assert.False(DataProtectionKeys.IsTrusted(otherDecryptor));
    }
}
