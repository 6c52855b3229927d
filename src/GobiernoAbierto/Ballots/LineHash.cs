using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GobiernoAbierto.Ballots;

/// <summary>
/// SHA-256 of many short lines, for ExportScan. Each of .NET's hash calls goes through OpenSSL's EVP layer, whose set-up
/// per call costs several times the hashing of a 150-byte line; OpenSSL's own SHA256_Init/Update/Final (the same code,
/// with the processor's SHA instructions) hash a million lines in a sixth of the time. Those are used where the
/// library answers with the right hash, otherwise .NET's SHA256. A wrong hash could only send ExportScan back to the
/// ordinary check (it passes a line only when the hash it computes equals the one the line states).
/// </summary>
public static class LineHash
{
    private const string Library = "libcrypto.so.3";
    private const int ContextSize = 256; // SHA256_CTX is 112 bytes

    private static readonly bool UseOpenSsl = Probe();

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        if (!UseOpenSsl)
        {
            SHA256.HashData(data, hash);
            return;
        }
        Span<byte> context = stackalloc byte[ContextSize];
        SHA256_Init(ref MemoryMarshal.GetReference(context));
        SHA256_Update(ref MemoryMarshal.GetReference(context), ref MemoryMarshal.GetReference(data), (nuint)data.Length);
        SHA256_Final(ref MemoryMarshal.GetReference(hash), ref MemoryMarshal.GetReference(context));
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var sample = "jornada|1|A|kiosk|kiosco-1|ABCD-EFGH-JKMN|0000"u8;
            Span<byte> context = stackalloc byte[ContextSize];
            Span<byte> hash = stackalloc byte[32];
            return SHA256_Init(ref MemoryMarshal.GetReference(context)) == 1
                   && SHA256_Update(ref MemoryMarshal.GetReference(context), ref MemoryMarshal.GetReference(sample), (nuint)sample.Length) == 1
                   && SHA256_Final(ref MemoryMarshal.GetReference(hash), ref MemoryMarshal.GetReference(context)) == 1
                   && hash.SequenceEqual(SHA256.HashData(sample));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [DllImport(Library), SuppressGCTransition]
    private static extern int SHA256_Init(ref byte context);

    [DllImport(Library), SuppressGCTransition]
    private static extern int SHA256_Update(ref byte context, ref byte data, nuint length);

    [DllImport(Library), SuppressGCTransition]
    private static extern int SHA256_Final(ref byte hash, ref byte context);
}
