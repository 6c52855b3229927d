using PdfSharp.Fonts;

namespace GobiernoAbierto.Credentials;

/// <summary>
/// The fonts of the printed letters: DejaVu Sans and DejaVu Sans Mono, read at run time from the files of Debian's
/// package <c>fonts-dejavu-core</c> (<see cref="DefaultDirectory"/>; the environment variable
/// <see cref="DirectoryVariable"/> points elsewhere). PDFsharp 6 has no fonts of its own on Linux: it asks this
/// resolver, which PDFsharp allows to be set once per process (<see cref="EnsureRegistered"/>).
/// </summary>
public sealed class LetterFonts : IFontResolver
{
    public const string DebianPackage = "fonts-dejavu-core";
    public const string DefaultDirectory = "/usr/share/fonts/truetype/dejavu";
    public const string DirectoryVariable = "GOBIERNOABIERTO_FONT_DIR";

    /// <summary>The proportional family: headings and instructions.</summary>
    public const string Sans = "DejaVu Sans";

    /// <summary>The monospaced family: the code and the addresses, where every character must read unambiguously.</summary>
    public const string Mono = "DejaVu Sans Mono";

    private static readonly Dictionary<(string Family, bool Bold), string> Files = new()
    {
        [(Sans, false)] = "DejaVuSans.ttf",
        [(Sans, true)] = "DejaVuSans-Bold.ttf",
        [(Mono, false)] = "DejaVuSansMono.ttf",
        [(Mono, true)] = "DejaVuSansMono-Bold.ttf",
    };

    private static readonly Lock Gate = new();
    private static LetterFonts? _registered;

    private LetterFonts(string directory) => Directory = directory;

    /// <summary>Where the font files were found.</summary>
    public string Directory { get; }

    /// <summary>
    /// Registers the resolver with PDFsharp, once per process, after checking that every font file is there; throws
    /// <see cref="InvalidOperationException"/> naming the missing files and the package to install otherwise.
    /// </summary>
    public static LetterFonts EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered is not null) return _registered;
            var directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
                ? configured
                : DefaultDirectory;
            Verify(directory);
            var fonts = new LetterFonts(directory);
            GlobalFontSettings.FontResolver = fonts;
            return _registered = fonts;
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/>, naming the missing files and the Debian package that has them,
    /// unless <paramref name="directory"/> holds every font file the letters use.
    /// </summary>
    public static void Verify(string directory)
    {
        var missing = Files.Values.Where(file => !File.Exists(Path.Combine(directory, file))).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"Faltan las fuentes de las cartas ({string.Join(", ", missing)}) en {directory}: instale el paquete " +
                $"de Debian {DebianPackage} (apt-get install -y {DebianPackage}) o indique otra carpeta en " +
                $"{DirectoryVariable}. / The letters' fonts ({string.Join(", ", missing)}) are missing from " +
                $"{directory}: install Debian's {DebianPackage} or set {DirectoryVariable}.");
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // No italic faces are used; an italic request gets the upright face with a simulated slant.
        var family = familyName.Equals(Mono, StringComparison.OrdinalIgnoreCase) ? Mono : Sans;
        return new FontResolverInfo(Files[(family, bold)], mustSimulateBold: false, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName) => File.ReadAllBytes(Path.Combine(Directory, faceName));
}
