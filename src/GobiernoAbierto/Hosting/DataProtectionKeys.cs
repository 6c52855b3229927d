using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using GobiernoAbierto.Ballots;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace GobiernoAbierto.Hosting;

/// <summary>
/// ASP.NET Core Data Protection (what the console's cookies and forms' antiforgery tokens are sealed with) keeps its key
/// ring in PostgreSQL, so every instance behind the load balancer reads the cookies the others wrote and a restart
/// does not sign everybody out; each key is sealed (AES-GCM) under a key derived from the server secret, so the
/// database alone cannot forge a session.
/// </summary>
public static class DataProtectionKeys
{
    public static void AddDataProtectionKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("GobiernoAbierto");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new StoredKeys(provider.GetRequiredService<IDocumentStore>());
            o.XmlEncryptor = new KeySealer(provider.GetRequiredService<VoterKeys>().ConsoleSecretsKey());
        }));
    }

    /// <summary>One key of the ring, as Data Protection writes it (sealed).</summary>
    public sealed class StoredKey
    {
        public string Id { get; set; } = "";
        public string Xml { get; set; } = "";
    }

    private sealed class StoredKeys(IDocumentStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var session = store.QuerySession();
            return session.Query<StoredKey>().ToListAsync().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml)).Where(IsTrusted).ToList();
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var session = store.LightweightSession();
            session.Store(new StoredKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            session.SaveChangesAsync().GetAwaiter().GetResult(); // Data Protection's repository is synchronous; a key is written about every 90 days
        }
    }

    /// <summary>
    /// Data Protection uses a key whose secret is stored in clear exactly as it finds it: a key planted in the table by
    /// someone who can write the database but lacks the server secret would forge any session. So a key is read only
    /// when its secret is sealed by KeySealer (under the server secret) and nowhere in clear; revocations, which can only
    /// take keys away, are read as they are.
    /// </summary>
    public static bool IsTrusted(XElement element)
    {
        if (element.Name.LocalName != "key") return element.Name.LocalName == "revocation";
        var secrets = element.Descendants().Where(e => e.Name.LocalName == "encryptedSecret").ToList();
        return secrets.Count > 0 &&
            secrets.All(s => s.Attribute("decryptorType")?.Value.StartsWith(typeof(KeyOpener).FullName + ",", StringComparison.Ordinal) == true) &&
            !element.Descendants().Any(e => e.Name.LocalName == "value" && !e.Ancestors().Any(a => a.Name.LocalName == "encryptedSecret"));
    }

    private const string Purpose = "data-protection-key|v1";

    private sealed class KeySealer(byte[] key) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var nonce = RandomNumberGenerator.GetBytes(12);
            var tag = new byte[16];
            var sealedBytes = new byte[plain.Length];
            using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plain, sealedBytes, tag, Encoding.UTF8.GetBytes(Purpose));
            return new EncryptedXmlInfo(new XElement("sealedKey", Convert.ToBase64String([.. nonce, .. tag, .. sealedBytes])), typeof(KeyOpener));
        }
    }

    /// <summary>Made by Data Protection from the type named in the stored XML, with the service provider.</summary>
    public sealed class KeyOpener(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var bytes = Convert.FromBase64String(encryptedElement.Value);
            var plain = new byte[bytes.Length - 28];
            using (var aes = new AesGcm(services.GetRequiredService<VoterKeys>().ConsoleSecretsKey(), 16))
                aes.Decrypt(bytes[..12], bytes[28..], bytes[12..28], plain, Encoding.UTF8.GetBytes(Purpose));
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
    }
}
