using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace GobiernoAbierto.Credentials;

/// <summary>
/// One voter's letter: the colonia on the roll, the last characters of their identifier (never the whole: the letter
/// travels by mail and is opened at home, where family and neighbours see it), their voting code and its Jornada.
/// </summary>
public sealed record Letter(string ColoniaName, string IdentifierTail, string Code, Guid JornadaId)
{
    /// <summary>How many characters of the identifier a letter shows.</summary>
    public const int TailLength = 4;

    public string ColoniaName { get; } = string.IsNullOrWhiteSpace(ColoniaName)
        ? throw new ArgumentException("A letter names the voter's colonia.", nameof(ColoniaName))
        : ColoniaName.Trim();

    public string IdentifierTail { get; } = IdentifierTail is { Length: > 0 and <= TailLength }
        ? IdentifierTail
        : throw new ArgumentException($"A letter shows at most the last {TailLength} characters of the identifier.", nameof(IdentifierTail));

    /// <summary>The code in its grouped form, <c>XXXX-XXXX-XXXX-XXXX</c>.</summary>
    public string Code { get; } = VotingCode.Read(Code) is { } normalized
        ? VotingCode.Format(normalized)!
        : throw new ArgumentException("A letter carries a well-formed voting code with a good check symbol.", nameof(Code));

    /// <summary>
    /// The roll file's line this person came from: the municipality addresses the sealed envelope by it, from its own
    /// lista nominal extract, without ever seeing the code inside.
    /// </summary>
    public int? Folio { get; init; }

    /// <summary>The letter for a whole identifier: keeps only its last <see cref="TailLength"/> characters.</summary>
    public static Letter For(string coloniaName, string identifier, string code, Guid jornadaId)
    {
        var compact = identifier.Trim();
        if (compact.Length <= TailLength)
            throw new ArgumentException("An identifier is longer than the tail a letter shows.", nameof(identifier));
        return new Letter(coloniaName, compact[^TailLength..], code, jornadaId);
    }
}

/// <summary>
/// What every letter of one issuance says the same way: the Jornada's title, when the online channel takes ballots
/// (<paramref name="VotingWindow"/>, shown as written, e.g. "del lunes 9 al domingo 15 de noviembre de 2026, de 8:00 a
/// 20:00 horas"), and the absolute addresses of the online voting page, the receipt check and the participation check.
/// </summary>
public sealed record LetterBatch(
    string JornadaTitle, string VotingWindow, Uri OnlineVotingPage, Uri ReceiptCheckPage, Uri ParticipationCheckPage)
{
    public string JornadaTitle { get; } = Required(JornadaTitle, nameof(JornadaTitle));
    public string VotingWindow { get; } = Required(VotingWindow, nameof(VotingWindow));
    public Uri OnlineVotingPage { get; } = WebAddress(OnlineVotingPage, nameof(OnlineVotingPage));
    public Uri ReceiptCheckPage { get; } = WebAddress(ReceiptCheckPage, nameof(ReceiptCheckPage));
    public Uri ParticipationCheckPage { get; } = WebAddress(ParticipationCheckPage, nameof(ParticipationCheckPage));

    /// <summary>The identifier's name in a sentence: "clave de elector" (default) or "CURP", per the Jornada's kind.</summary>
    public string IdentifierName { get; init; } = "clave de elector";

    /// <summary>
    /// Said under the title when these letters replace earlier ones (a reissue by folio, every code issued again), so a
    /// person with two letters knows which one votes; null for the first letters.
    /// </summary>
    public string? Replaces { get; init; }


    private static string Required(string value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("Required.", name) : value.Trim();

    private static Uri WebAddress(Uri address, string name) =>
        address is { IsAbsoluteUri: true, Scheme: "https" or "http" } && address.Fragment.Length == 0
            ? address
            : throw new ArgumentException("An absolute http(s) address without a fragment.", name);
}

/// <summary>
/// The voting-code letters of one issuance: one PDF with a page per voter for printing, and a CSV of the same for a
/// mail house. Pure: what goes in comes out, nothing is kept, nothing is logged. Each writer enumerates the letters once:
/// give both the same materialized list (codes drawn inside a lazy sequence would differ between the two files).
/// </summary>
/// <remarks>
/// PDFsharp holds a whole document in memory until it writes it, so memory grows with the number of pages (about 8 KB
/// live per letter; the Benchmarks project's <c>letters</c> command measures time and peak memory). The CSV is
/// streamed.
/// </remarks>
public static class Letters
{
    /// <summary>
    /// The CSV's header row, in the order of its columns: folio, colonia, the identifier's last characters, the voting
    /// code, the voting link. In Spanish, for the staff who mail-merge the letters; plain letters and underscores, which
    /// every mail-merge tool takes as field names.
    /// </summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["folio", "colonia", "identificador_termina_en", "codigo_de_votacion", "liga_para_votar", "aviso"];

    /// <summary>
    /// The address the QR code opens: the online voting page with the Jornada and the code filled in,
    /// <c>?jornada=&lt;id&gt;#codigo=&lt;XXXX-XXXX-XXXX-XXXX&gt;</c> (the Jornada added to any query the page's address
    /// has). The code goes after the <c>#</c>, which a browser never sends: no server, proxy or load balancer on the way
    /// can log it, and no Referer carries it. votar.js still reads <c>?codigo=</c> for letters printed before.
    /// </summary>
    public static Uri VotingLink(Uri onlineVotingPage, Guid jornadaId, string code)
    {
        var grouped = VotingCode.Read(code) is { } normalized
            ? VotingCode.Format(normalized)!
            : throw new ArgumentException("Not a voting code with a good check symbol.", nameof(code));
        var builder = new UriBuilder(onlineVotingPage);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : "") + $"jornada={jornadaId:D}";
        builder.Fragment = $"codigo={grouped}";
        return builder.Uri;
    }

    /// <summary>The letter's link: <see cref="VotingLink(Uri, Guid, string)"/> for its page, Jornada and code.</summary>
    public static Uri VotingLink(LetterBatch batch, Letter letter) =>
        VotingLink(batch.OnlineVotingPage, letter.JornadaId, letter.Code);

    /// <summary>
    /// A QR code of <paramref name="payload"/>: a PNG, black on white with its quiet zone, medium error correction.
    /// The colours are given so that QRCoder writes a 1-bit palette image, which PDFsharp imports (it refuses the 1-bit
    /// greyscale one QRCoder writes by default).
    /// </summary>
    public static byte[] QrPng(string payload, int pixelsPerModule = 4)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, Black, White);
    }

    private static readonly byte[] Black = [0, 0, 0, 255], White = [255, 255, 255, 255];

    /// <summary>
    /// Writes the PDF: one page (US Letter, "carta") per letter, in the order given. The output need not be seekable
    /// (a zip entry will do). Throws <see cref="ArgumentException"/> when there are no letters.
    /// </summary>
    public static void WritePdf(LetterBatch batch, IEnumerable<Letter> letters, Stream output)
    {
        using var document = Compose(batch, letters, CancellationToken.None);
        document.Save(new CountingStream(output), closeStream: false);
    }

    /// <summary>
    /// <see cref="WritePdf"/> for an output that takes only asynchronous writes, such as an HTTP response body (Kestrel
    /// refuses synchronous I/O). PDFsharp saves synchronously, so it saves on a thread-pool thread into a pipe that is
    /// copied to <paramref name="output"/> as it fills: the file is never held whole in memory on top of the document.
    /// </summary>
    public static async Task WritePdfAsync(
        LetterBatch batch, IEnumerable<Letter> letters, Stream output, CancellationToken cancellationToken = default)
    {
        using var document = Compose(batch, letters, cancellationToken);
        var pipe = new Pipe();
        var save = Task.Run(() =>
        {
            try
            {
                document.Save(new CountingStream(pipe.Writer.AsStream(leaveOpen: true)), closeStream: false);
                pipe.Writer.Complete();
            }
            catch (Exception failure)
            {
                pipe.Writer.Complete(failure); // the copy below rethrows it
            }
        }, CancellationToken.None);
        Exception? copyFailure = null;
        try
        {
            await pipe.Reader.CopyToAsync(output, cancellationToken);
        }
        catch (Exception failure)
        {
            copyFailure = failure;
        }
        await pipe.Reader.CompleteAsync(copyFailure); // once the reader is gone, the save's last writes go nowhere
        await save; // the document is disposed only after PDFsharp is done with it
        if (copyFailure is not null) ExceptionDispatchInfo.Throw(copyFailure);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>A write-only stream that knows how much was written: PDFsharp reads Position for the file's offsets.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _written += buffer.Length;
        }
    }

    /// <summary>
    /// Writes the CSV for a mail house: UTF-8 without a byte-order mark, a header row (<see cref="CsvColumns"/>), one row
    /// per letter, CRLF line ends, fields quoted as RFC 4180 says (a field with a comma, a double quote or a line break
    /// is enclosed in double quotes, and its double quotes doubled).
    /// </summary>
    public static void WriteCsv(LetterBatch batch, IEnumerable<Letter> letters, Stream output)
    {
        using var writer = CsvWriter(output);
        foreach (var line in CsvLines(batch, letters)) writer.Write(line);
    }

    /// <inheritdoc cref="WriteCsv"/>
    public static async Task WriteCsvAsync(
        LetterBatch batch, IEnumerable<Letter> letters, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = CsvWriter(output);
        foreach (var line in CsvLines(batch, letters))
            await writer.WriteAsync(line.AsMemory(), cancellationToken);
    }

    private static StreamWriter CsvWriter(Stream output) =>
        new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);

    private static IEnumerable<string> CsvLines(LetterBatch batch, IEnumerable<Letter> letters)
    {
        yield return string.Join(',', CsvColumns) + "\r\n";
        foreach (var letter in letters)
            yield return string.Join(',', letter.Folio?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                CsvField(letter.ColoniaName), CsvField(letter.IdentifierTail), CsvField(letter.Code),
                CsvField(VotingLink(batch, letter).AbsoluteUri), CsvField(batch.Replaces ?? "")) + "\r\n";
    }

    /// <summary>
    /// Quoted when it must be; and a value a spreadsheet would run as a formula (staff name the colonias, and the file
    /// holds everyone's codes: =HYPERLINK(…) could send them away) is kept as text with a leading apostrophe (OWASP).
    /// </summary>
    private static string CsvField(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0])) value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static PdfDocument Compose(LetterBatch batch, IEnumerable<Letter> letters, CancellationToken cancellationToken)
    {
        LetterFonts.EnsureRegistered();
        var document = new PdfDocument();
        try
        {
            document.Info.Title = $"Cartas con código de votación: {batch.JornadaTitle}";
            document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed; // tens of thousands of pages: speed over bytes
            var page = new LetterPage(document, batch);
            // The QR codes are most of the work (QRCoder takes about 1 ms for each) and independent of one another: they
            // are made on every core, in order, while the pages are drawn one after the other (PDFsharp is not
            // thread-safe).
            var withQr = letters
                .AsParallel().AsOrdered().WithCancellation(cancellationToken)
                .Select(letter => (Letter: letter, Qr: QrPng(VotingLink(batch, letter).AbsoluteUri)));
            foreach (var (letter, qr) in withQr)
                page.Add(letter, qr);
            if (document.PageCount == 0) throw new ArgumentException("There are no letters to print.", nameof(letters));
            return document;
        }
        catch (AggregateException parallel) when (parallel.InnerExceptions.Count == 1)
        {
            // A bad letter (or a failing source) surfaces as itself, as it would without the parallel step.
            document.Dispose();
            ExceptionDispatchInfo.Throw(parallel.InnerExceptions[0]);
            throw; // not reached
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Draws letter pages. What every page says the same way is drawn once into a form XObject (a PDF template) that
    /// each page references; a page's own content is only the colonia, the identifier's tail, the code and the QR.
    /// That keeps the document small enough to build in memory for a whole roll.
    /// </summary>
    private sealed class LetterPage
    {
        private const double Width = 612, Height = 792, Margin = 50; // US Letter in points
        private const double ContentWidth = Width - 2 * Margin;
        private const double QrSize = 136;
        private static readonly XColor Ink = XColor.FromArgb(0x1A, 0x1A, 0x1A);
        private static readonly XColor Muted = XColor.FromArgb(0x55, 0x55, 0x55);

        // Unicode (not PDFsharp's default WinAnsi) so that any name a Jornada's territory holds prints as written, and
        // the text stays searchable and copyable (PDFsharp writes a ToUnicode map).
        private static readonly XPdfFontOptions UnicodeText = new(PdfFontEncoding.Unicode);

        private static XFont Font(string family, double size, XFontStyleEx style = XFontStyleEx.Regular) =>
            new(family, size, style, UnicodeText);

        private readonly PdfDocument _document;
        private readonly LetterBatch _batch;
        private readonly XForm _template;
        private readonly Slots _slots;
        private readonly XFont _value = Font(LetterFonts.Sans, 13, XFontStyleEx.Bold);
        private readonly XFont _code = Font(LetterFonts.Mono, 26, XFontStyleEx.Bold);

        public LetterPage(PdfDocument document, LetterBatch batch)
        {
            _document = document;
            _batch = batch;
            var size = new XSize(Width, Height);
            _template = new XForm(document, size);
            using var measure = XGraphics.CreateMeasureContext(size, XGraphicsUnit.Point, XPageDirection.Downwards);
            var bodySize = 11.5; // as large as fits: many readers are older people
            while (new TemplateText(batch, measure, bodySize, draw: false).Compose().Bottom > Height - Margin)
            {
                bodySize -= 0.5;
                if (bodySize < 7.5)
                    throw new ArgumentException("The Jornada's title, window and addresses do not fit on one page.", nameof(batch));
            }
            using var gfx = XGraphics.FromForm(_template);
            _slots = new TemplateText(batch, gfx, bodySize, draw: true).Compose();
        }

        public void Add(Letter letter, byte[] qrPng)
        {
            var page = _document.AddPage();
            page.Size = PageSize.Letter;
            using var gfx = XGraphics.FromPdfPage(page);
            gfx.DrawImage(_template, 0, 0);
            var brush = new XSolidBrush(Ink);
            var textWidth = ContentWidth - QrSize - 16;
            DrawFitted(gfx, letter.ColoniaName, _value, brush, Margin, _slots.ColoniaY, textWidth);
            DrawFitted(gfx, $"{Capitalized(_batch.IdentifierName)} terminada en {letter.IdentifierTail}", _value, brush,
                Margin, _slots.TailY, textWidth);
            gfx.DrawString(letter.Code, _code, brush, Margin, _slots.CodeY, XStringFormats.TopLeft);
            using var qr = XImage.FromStream(new MemoryStream(qrPng));
            qr.Interpolate = false; // modules stay sharp squares when the printer scales the image
            gfx.DrawImage(qr, _slots.Qr);
            if (letter.Folio is { } folio)
                gfx.DrawString($"Folio {folio}", Font(LetterFonts.Sans, 9), new XSolidBrush(Muted), Margin, page.Height.Point - Margin / 2, XStringFormats.BottomLeft);
        }

        /// <summary>One line, made smaller (down to 8 pt) when it is wider than <paramref name="width"/>.</summary>
        private static void DrawFitted(XGraphics gfx, string text, XFont font, XBrush brush, double x, double y, double width)
        {
            var fitted = font;
            while (gfx.MeasureString(text, fitted).Width > width && fitted.Size > 8)
                fitted = Font(font.FontFamily.Name, fitted.Size - 0.5, font.Style);
            gfx.DrawString(text, fitted, brush, new XRect(x, y, width, fitted.GetHeight()), XStringFormats.TopLeft);
        }

        private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

        /// <summary>Where a page's own content goes on the template.</summary>
        private sealed record Slots(double ColoniaY, double TailY, double CodeY, XRect Qr, double Bottom);

        /// <summary>
        /// The template's text, top to bottom. Run twice: on a measuring context to find a body size that fits the
        /// page, then on the form to draw it.
        /// </summary>
        private sealed class TemplateText(LetterBatch batch, XGraphics gfx, double bodySize, bool draw)
        {
            private readonly XFont _small = Font(LetterFonts.Sans, 8.5);
            private readonly XFont _title = Font(LetterFonts.Sans, 16, XFontStyleEx.Bold);
            private readonly XFont _heading = Font(LetterFonts.Sans, bodySize + 1.5, XFontStyleEx.Bold);
            private readonly XFont _body = Font(LetterFonts.Sans, bodySize);
            private readonly XFont _label = Font(LetterFonts.Sans, 9);
            private readonly XFont _emphasis = Font(LetterFonts.Sans, 10, XFontStyleEx.Bold);
            private double _y = Margin;

            public Slots Compose()
            {
                Line("GOBIERNO ABIERTO · JORNADA DE PARTICIPACIÓN", _small, Muted);
                _y += 4;
                Paragraph(batch.JornadaTitle, _title, Ink, ContentWidth);
                _y += 2;
                Line("Carta personal y confidencial. Guárdela en un lugar seguro.", _emphasis, Ink);
                if (batch.Replaces is { } replaces)
                {
                    _y += 2;
                    Paragraph(replaces, _emphasis, Ink, ContentWidth);
                }
                _y += 8;
                Rule();

                // The voter's own part: text on the left, the QR code on the right.
                var top = _y + 10;
                var qr = new XRect(Width - Margin - QrSize, top, QrSize, QrSize);
                _y = top;
                Line("Colonia", _label, Muted);
                var coloniaY = _y;
                _y += 20;
                var tailY = _y;
                _y += 28;
                Line("Su código de votación", _label, Muted);
                var codeY = _y + 2;
                _y += 38;
                if (draw)
                {
                    var caption = new XRect(qr.X - 10, qr.Bottom + 2, qr.Width + 20, 24);
                    Centered("Escanéelo con la cámara de su", caption.Y);
                    Centered("teléfono para votar en línea", caption.Y + 10);
                }
                _y = Math.Max(_y, qr.Bottom + 24) + 8;
                Rule();
                _y += 6;

                Section("Cómo votar en línea",
                    "Escanee el código QR con su teléfono: se abre la página de votación con su código ya escrito. " +
                    "O entre a esta dirección y escriba el código:");
                Address(batch.OnlineVotingPage);
                // The address names no Jornada (its QR does): when several are open or announced, the page asks which.
                Paragraph($"Si la página le pide elegir la Jornada, elija «{batch.JornadaTitle}». Después escriba su " +
                    $"{batch.IdentifierName}, elija un proyecto y confirme su voto.", _body, Ink, ContentWidth);
                Section("Cuándo votar en línea", batch.VotingWindow);
                Section("Su código es secreto y personal",
                    $"Junto con su {batch.IdentifierName}, este código permite votar en su nombre: no lo comparta ni lo " +
                    "entregue a nadie. Ninguna autoridad se lo pedirá por teléfono, mensaje o correo.");
                Section("Sirve una sola vez",
                    "Con este código se emite un solo voto; después ya no sirve para votar, solo para saber si se votó con sus " +
                    "datos (al final de esta carta). Si pierde esta carta, pida una nueva en el " +
                    $"módulo del IEEQ de su delegación, con su {(batch.IdentifierName == "CURP" ? "CURP" : "credencial para votar (INE)")}: " +
                    "el código anterior deja de funcionar.");
                // Kiosks may be registered after the letters are issued, or never (a Jornada voted online only): the
                // letter says where to find them, not that there are some.
                Section("Si prefiere votar en un kiosco",
                    "Si la Jornada tiene kioscos (la página de inicio dice dónde y a qué hora), " +
                    (batch.IdentifierName == "CURP" ? "lleve su CURP y muéstrela" : "lleve su credencial para votar (INE) y muéstrela") +
                    " a la persona que atiende el kiosco. Ahí no necesita " +
                    "este código. Cada persona vota una sola vez, en línea o en kiosco.");
                Section("Compruebe su voto",
                    "Al votar recibe un código de recibo. Con él puede confirmar en esta dirección que su voto fue " +
                    "contado; ahí nunca se muestra por quién votó:");
                Address(batch.ReceiptCheckPage);
                Section("¿Alguien votó con mis datos?",
                    $"Con su {batch.IdentifierName} y este código puede saber en esta dirección si ya se votó con sus " +
                    "datos (sí o no, en línea o en kiosco, y qué día), nunca por quién:");
                Address(batch.ParticipationCheckPage);
                Paragraph("Si usted no votó y la respuesta es sí, avise de inmediato a la autoridad que le entregó esta carta.",
                    _body, Ink, ContentWidth);
                return new Slots(coloniaY, tailY, codeY, qr, _y);
            }

            private void Section(string heading, string text)
            {
                _y += bodySize * 0.6;
                Line(heading, _heading, Ink);
                _y += 1;
                Paragraph(text, _body, Ink, ContentWidth);
            }

            private void Line(string text, XFont font, XColor color)
            {
                if (draw) gfx.DrawString(text, font, new XSolidBrush(color), Margin, _y, XStringFormats.TopLeft);
                _y += font.GetHeight();
            }

            private void Centered(string text, double y) =>
                gfx.DrawString(text, _label, new XSolidBrush(Muted),
                    new XRect(Width - Margin - QrSize - 10, y, QrSize + 20, _label.GetHeight()), XStringFormats.TopCenter);

            /// <summary>Words wrapped to <paramref name="width"/>.</summary>
            private void Paragraph(string text, XFont font, XColor color, double width)
            {
                var line = new StringBuilder();
                foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
                    {
                        Line(line.ToString(), font, color);
                        line.Clear().Append(word);
                    }
                    else line.Clear().Append(candidate);
                }
                if (line.Length > 0) Line(line.ToString(), font, color);
            }

            /// <summary>
            /// An address on a line of its own, monospaced and indented, smaller when long; one too long even at 7 pt
            /// is cut between characters over several lines (a space would change it).
            /// </summary>
            private void Address(Uri address)
            {
                var text = address.AbsoluteUri;
                var indent = 12.0;
                var width = ContentWidth - indent;
                var size = bodySize;
                var font = Font(LetterFonts.Mono, size, XFontStyleEx.Bold);
                while (gfx.MeasureString(text, font).Width > width && size > 7)
                    font = Font(LetterFonts.Mono, size -= 0.5, XFontStyleEx.Bold);
                _y += 2;
                var perLine = Math.Max(1, (int)(width / gfx.MeasureString("M", font).Width));
                for (var start = 0; start < text.Length; start += perLine)
                {
                    var chunk = text.Substring(start, Math.Min(perLine, text.Length - start));
                    if (draw) gfx.DrawString(chunk, font, new XSolidBrush(Ink), Margin + indent, _y, XStringFormats.TopLeft);
                    _y += font.GetHeight();
                }
                _y += 2;
            }

            private void Rule()
            {
                if (draw) gfx.DrawLine(new XPen(XColor.FromArgb(0xBB, 0xBB, 0xBB), 0.75), Margin, _y, Width - Margin, _y);
                _y += 1;
            }
        }
    }
}
