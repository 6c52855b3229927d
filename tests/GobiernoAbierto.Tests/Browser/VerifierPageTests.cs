using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// An IEEQ auditor downloads the export of a real closed Jornada and checks it with verificar.html in Chromium:
/// nothing but the page's own script and the browser's SHA-256, the files picked from disk.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_an_auditor_checks_an_export_in_the_browser(ServiceFixture service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    /// <summary>A Jornada with a countersigned kiosk and an early close, certified; its export written to disk as an auditor keeps it.</summary>
    private async Task<(string Folder, ExportedSeal Seal)> ExportedJornadaAsync()
    {
        var (id, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await _api.CountersignAsync(id, VotingApi.KioskCountersignature("kiosco-2", "Segundo punto de votación."));
        var second = await _api.RegisterKioskAsync(id, "kiosco-2");
        foreach (var (option, kiosk) in new[] { ("A", kioskToken), ("B", second), ("A", kioskToken), ("A", second), ("B", kioskToken) })
            await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), option));
        await _api.CloseAsync(id);
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));

        var folder = Directory.CreateTempSubdirectory("verificador-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, $"boletas-{id}.csv"), await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/ballots.csv"));
        await File.WriteAllTextAsync(Path.Combine(folder, "sello.json"), await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/seal"));
        await File.WriteAllTextAsync(Path.Combine(folder, $"registro-{id}.csv"), await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));
        return (folder, seal);
    }

    private static async Task PickAsync(ResidentTab tab, string ballots, string seal, string? record)
    {
        await tab.Page.GetByLabel("Boletas", new() { Exact = true }).SetInputFilesAsync(ballots);
        await tab.Page.GetByLabel("Sello", new() { Exact = true }).SetInputFilesAsync(seal);
        if (record is not null) await tab.Page.GetByLabel("Registro de la Jornada").SetInputFilesAsync(record);
    }

    private static async Task VerifyAsync(ResidentTab tab, string typedHash)
    {
        await tab.Page.GetByLabel("Hash anotado al cierre").FillAsync(typedHash);
        await tab.Button("Verificar").ClickAsync();
    }

    [Fact]
    public async Task the_export_of_a_closed_jornada_is_intact_one_altered_ballot_is_named_and_a_wrong_hash_is_told()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var ballots = Directory.GetFiles(folder, "boletas-*.csv").Single();
        var record = Directory.GetFiles(folder, "registro-*.csv").Single();
        var sealFile = Path.Combine(folder, "sello.json");
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        // The hash box says which hashes, by the names the seal sheet and the consoles give them; the file's keys only aside.
        await Expect(tab.Page.Locator("#expected-hint")).ToContainTextAsync(
            "Los 64 caracteres que el IEEQ anotó al cerrar la votación: el sello del registro, o el hash final de las boletas, que cubre solo las boletas.");
        await PickAsync(tab, ballots, sealFile, record);
        // The hash de la apertura, as the IEEQ desk showed it while the vote was open: the record's opening fact.
        var opening = (await File.ReadAllLinesAsync(record)).Single(l => l.Contains(",jornada_opened,")).Split(',');
        await tab.Page.GetByLabel("Otros hashes anotados").FillAsync(opening[4]);
        // The opening's hash alone does not show the files were not rebuilt whole: the note says the closing one is missing.
        await VerifyAsync(tab, "");
        await Expect(tab.Heading("Exportación íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("Sin el hash anotado al cierre, esto prueba que los archivos concuerdan entre sí")).ToBeVisibleAsync();
        // Typed as the seal sheet prints it, in groups of eight, and pasted in the quotes README's command has.
        await VerifyAsync(tab, "\"" + string.Join(' ', seal.RecordHash!.Chunk(8).Select(group => new string(group))) + "\"");
        await tab.Page.Mouse.MoveAsync(0, 0); // no pointer over the button in the screenshots

        var verdict = tab.Heading("Exportación íntegra");
        await Expect(verdict).ToBeVisibleAsync();
        await Expect(verdict).ToBeFocusedAsync();
        await Expect(tab.Page.GetByText("Sin el hash anotado al cierre")).ToHaveCountAsync(0);
        await Expect(tab.Page.GetByText("el registro de la Jornada coinciden con el sello")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText($"es el sello del registro (el cierre, evento {seal.RecordPosition})")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("A: 3 · B: 2")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("dd.hash").First).ToHaveTextAsync(seal.FinalHash);
        // What the auditor reads is named in Spanish, with each hash whole beside its name; no field or event type as a label.
        await Expect(tab.Page.Locator(".summary dt")).ToHaveTextAsync(["Jornada", "Boletas revisadas", "Cómputo recalculado",
            "Hash final de las boletas", "Eventos del registro revisados", "Sello del registro (el cierre)"]);
        await Expect(tab.Page.Locator("dd.hash")).ToHaveTextAsync([seal.FinalHash, seal.RecordHash!]);
        await Expect(tab.Page.GetByText($"El hash anotado {opening[4]} es el del evento {opening[0]} del registro (apertura de la votación).")).ToBeVisibleAsync();
        foreach (var raw in new[] { "recordHash", "finalHash", "jornada_opened", "jornada_closed", "previous_hash" })
            await Expect(tab.Page.Locator("[data-result]")).Not.ToContainTextAsync(raw);
        await tab.ScreenshotAsync("verificador-integra");
        await tab.AxeAsync("verificador exportación íntegra", output);

        // The opening's hash typed in the close's box: a note in the wrong box, said as such, not an export rebuilt.
        await VerifyAsync(tab, opening[4]);
        await Expect(tab.Heading("El hash anotado al cierre es el de otro evento")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText($"es el del evento {opening[0]} (apertura de la votación), que se anota en otro momento")).ToBeVisibleAsync();
        await Expect(tab.Heading("La exportación no está íntegra")).ToHaveCountAsync(0);

        // One line of the ballots file altered: ballot 3's option swapped (line 4 of the file, after the header).
        var lines = await File.ReadAllLinesAsync(ballots);
        var fields = lines[3].Split(',');
        fields[1] = fields[1] == "A" ? "B" : "A";
        lines[3] = string.Join(',', fields);
        var altered = Path.Combine(folder, "boletas-alteradas.csv");
        await File.WriteAllLinesAsync(altered, lines);
        await PickAsync(tab, altered, sealFile, record);
        await VerifyAsync(tab, seal.RecordHash!);

        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        var finding = tab.Page.Locator(".findings li").First;
        await Expect(finding).ToContainTextAsync("Boletas (línea 4, posición 3):");
        await Expect(finding).ToContainTextAsync($"La boleta 3 (línea 4, recibo {fields[4]}) fue alterada: su contenido da el hash");
        await Expect(finding).ToContainTextAsync($"el archivo dice {fields[6]}");
        await tab.ScreenshotAsync("verificador-boleta-alterada");

        // The files as downloaded, but a hash typed that is not the one noted at the close.
        await PickAsync(tab, ballots, sealFile, record);
        await VerifyAsync(tab, new string('c', 64));

        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator(".findings li")).ToContainTextAsync(
            $"Hash anotado: El hash anotado al cierre ({new string('c', 64)}) no es el sello del registro recalculado ({seal.RecordHash})");

        // The ballots' final hash, as IEEQ noted it before the record existed, still anchors the ballots, and the page says what it covers.
        await VerifyAsync(tab, seal.FinalHash.ToUpperInvariant());
        await Expect(tab.Heading("Exportación íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("es el hash final de la cadena de boletas: cubre las boletas, no el resto del registro (para eso anote también el sello del registro).")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("[data-result]")).Not.ToContainTextAsync("recordHash");

        // Only sello.json altered: the seal file is named, and the hash the auditor noted is not put in doubt (as verify says it).
        var alteredSeal = Path.Combine(folder, "sello-alterado.json");
        await File.WriteAllTextAsync(alteredSeal, (await File.ReadAllTextAsync(sealFile)).Replace(seal.RecordHash!, new string('0', 64)));
        await PickAsync(tab, ballots, alteredSeal, record);
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings")).ToHaveTextAsync($"Sello: El sello (sello.json) dice que el hash del cierre del registro es {new string('0', 64)}; " +
            $"el cierre del registro, que concuerda con las boletas y con el hash anotado, dice {seal.RecordHash}: se alteró el sello.");
        await Expect(tab.Page.GetByText("lo que anotó coincide")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings")).Not.ToContainTextAsync("no es el sello del registro recalculado");

        // A seal with a third option at zero is not the close's: the page said intact, verify garbled it (the same now).
        var thirdOption = Path.Combine(folder, "sello-tercera.json");
        await File.WriteAllTextAsync(thirdOption, (await File.ReadAllTextAsync(sealFile)).Replace("\"counts\":{", "\"counts\":{\"C\":0,"));
        await PickAsync(tab, ballots, thirdOption, record);
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings")).ToContainTextAsync("El sello (sello.json) dice que el cómputo es A: 3, B: 2, C: 0; el cierre del registro, " +
            "que concuerda con las boletas y con el hash anotado, dice A: 3, B: 2: se alteró el sello.");

        // A retitled seal: the page printed the false name as the Jornada verified.
        var retitled = Path.Combine(folder, "sello-otro-titulo.json");
        await File.WriteAllTextAsync(retitled, (await File.ReadAllTextAsync(sealFile)).Replace($"\"title\":\"{seal.Title}\"", "\"title\":\"Otra Jornada cualquiera\""));
        Assert.NotEqual(await File.ReadAllTextAsync(sealFile), await File.ReadAllTextAsync(retitled));
        await PickAsync(tab, ballots, retitled, record);
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings")).ToContainTextAsync("El sello (sello.json) dice que el nombre de la Jornada es «Otra Jornada cualquiera»; " +
            $"el registro, que concuerda con las boletas y con el hash anotado, dice «{seal.Title}»: se alteró el sello.");
    }

    /// <summary>
    /// The export rewritten so that ballot 2 names a kiosk the record does not register, chains, close and seal made to
    /// agree: the page said intact, as verify did. A ballot moved to the other kiosk the record registers still agrees.
    /// </summary>
    [Fact]
    public async Task a_ballot_naming_a_kiosk_the_record_does_not_register_is_named()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var (ballots, record) = (Directory.GetFiles(folder, "boletas-*.csv").Single(), Directory.GetFiles(folder, "registro-*.csv").Single());
        var sealText = await File.ReadAllTextAsync(Path.Combine(folder, "sello.json"));
        var ballot = (await File.ReadAllLinesAsync(ballots))[2].Split(',');
        Assert.Equal("kiosk", ballot[2]);
        async Task<(string Ballots, string Seal, string Record)> ForgeAsync(string kiosk, string name)
        {
            var forged = Support.ForgedExport.WithBallot(seal.JornadaId, await File.ReadAllTextAsync(ballots), sealText, await File.ReadAllTextAsync(record),
                2, "kiosk", kiosk);
            var paths = (Path.Combine(folder, $"boletas-{name}.csv"), Path.Combine(folder, $"sello-{name}.json"), Path.Combine(folder, $"registro-{name}.csv"));
            await File.WriteAllTextAsync(paths.Item1, forged.Ballots);
            await File.WriteAllTextAsync(paths.Item2, forged.Seal);
            await File.WriteAllTextAsync(paths.Item3, forged.Record);
            return paths;
        }
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        var other = ballot[3] == "kiosco-2" ? "kiosco-1" : "kiosco-2";
        var moved = await ForgeAsync(other, "otro-kiosco");
        Assert.NotEqual(await File.ReadAllTextAsync(ballots), await File.ReadAllTextAsync(moved.Ballots));
        await PickAsync(tab, moved.Ballots, moved.Seal, moved.Record);
        await VerifyAsync(tab, "");
        await Expect(tab.Heading("Exportación íntegra")).ToBeVisibleAsync();

        var unknown = await ForgeAsync("kiosco-fantasma", "kiosco-fantasma");
        await PickAsync(tab, unknown.Ballots, unknown.Seal, unknown.Record);
        await VerifyAsync(tab, "");

        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li")).ToHaveCountAsync(1);
        await Expect(tab.Page.Locator(".findings li")).ToHaveTextAsync($"Boletas (línea 3, posición 2): La boleta 2 (línea 3, recibo {ballot[4]}) dice que la " +
            "emitió el kiosco «kiosco-fantasma», que no está en el registro de la Jornada: el servicio solo recibe votos de los kioscos registrados. " +
            "Se rehicieron las boletas con su sello, o el registro.");
    }

    /// <summary>What the page's script says of a record: null when intact, else the first break's reason.</summary>
    private static async Task<string?> RecordVerdictInBrowserAsync(ResidentTab tab, Guid jornadaId, IEnumerable<ExportedFact> facts)
    {
        var text = string.Join('\n', [AuditRecords.RecordCsvHeader, .. facts.Select(AuditRecords.ToRecordCsvLine)]);
        return await tab.Page.EvaluateAsync<string?>("""
            async ([jornadaId, text]) => {
              const m = await import('/js/verificador.js');
              const report = await m.verifyRecord(jornadaId, m.parseRecord(text), null);
              return report.break ? report.break.reason : null;
            }
            """, new[] { jornadaId.ToString("D"), text });
    }

    [Fact]
    public async Task the_record_of_a_jornada_called_again_after_a_tie_is_read_as_the_service_reads_it()
    {
        var process = Unit.ProcessBuilder.AtStage(GobiernoAbierto.Process.Stage.Jornada);
        var tied = process.Jornada().WithKiosk(Unit.JornadaBuilder.Kiosk1).Opened().WithOnlineBallots("A", "B").Closed().Certified();
        var now = Unit.JornadaBuilder.Closes.AddDays(2);
        var newId = Guid.NewGuid();
        var decision = GobiernoAbierto.Process.CallNewJornadaEndpoint.Decide(process.Build(), tied.Build(),
            new GobiernoAbierto.Process.CallNewJornada(now.AddDays(5), now.AddDays(6)), newId, Unit.ProcessBuilder.Staff, now);
        var facts = decision.OtherStream.OfType<JornadaRecordEvent>().Select(AuditRecords.Fact).ToList();
        var moved = Unit.RecordedJornada.Rechained(newId, [facts[0], facts[2], facts[1]]);
        var loose = Unit.JornadaBuilder.Open();
        var looseFacts = Unit.RecordedJornada.Facts(loose);
        var forged = Unit.RecordedJornada.Rechained(loose.Id, [looseFacts[0], facts[1], .. looseFacts.Skip(1)]);
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        Assert.Null(await RecordVerdictInBrowserAsync(tab, newId, facts));
        foreach (var (id, record, reason) in new[] { (newId, moved, "se anota justo después de su creación"), (loose.Id, forged, "solo la Jornada de un proceso se convoca de nuevo") })
        {
            var inBrowser = await RecordVerdictInBrowserAsync(tab, id, record);
            Assert.Contains(reason, inBrowser);
            Assert.Contains(reason, RecordVerifier.Verify(id, record).FirstBreak!.Reason);
        }
    }

    /// <summary>
    /// A kiosk's configuration link is taken once: a record whose kiosk was configured twice (a second device forged in
    /// with every link rebuilt) breaks the rules, for the page as for `verify`, and one configured once is intact.
    /// </summary>
    [Fact]
    public async Task a_kiosk_configured_twice_in_the_record_is_read_as_the_service_reads_it()
    {
        var prepared = Unit.JornadaBuilder.Preparing().WithOptions().WithKiosk(Unit.JornadaBuilder.Kiosk1);
        var configured = prepared.Then(Unit.Decisions.Event<KioskActivated>(Unit.JornadaBuilder.ActivateKiosk(prepared.Build(), Unit.JornadaBuilder.Kiosk1,
            new string('a', 64), Unit.JornadaBuilder.Before))).Opened();
        var facts = Unit.RecordedJornada.Facts(configured);
        var second = AuditRecords.Fact(new KioskActivated(configured.Id, Unit.JornadaBuilder.Kiosk1, new string('b', 64), Unit.JornadaBuilder.During));
        var forged = Unit.RecordedJornada.Rechained(configured.Id, [.. facts, second]);
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        Assert.Null(await RecordVerdictInBrowserAsync(tab, configured.Id, facts));
        Assert.Null(RecordVerifier.Verify(configured.Id, facts).FirstBreak);
        var closed = AuditRecords.Fact(new KioskClosed(configured.Id, Unit.JornadaBuilder.Kiosk1, Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.During));
        var unregistered = AuditRecords.Fact(new KioskActivated(configured.Id, "kiosco-9", new string('c', 64), Unit.JornadaBuilder.During));
        foreach (var (record, reason) in new[]
        {
            (forged, "ese kiosco ya estaba configurado: su enlace sirve una sola vez."),
            (Unit.RecordedJornada.Rechained(configured.Id, [.. facts, unregistered]), "ese kiosco no estaba registrado."),
            (Unit.RecordedJornada.Rechained(configured.Id, [.. facts.Take(3), closed, facts[3], .. facts.Skip(4)]), "ese kiosco ya estaba cerrado."),
        })
        {
            Assert.Contains(reason, await RecordVerdictInBrowserAsync(tab, configured.Id, record));
            Assert.Contains(reason, RecordVerifier.Verify(configured.Id, record).FirstBreak!.Reason);
        }
    }

    /// <summary>
    /// A Jornada withdrawn before it opened: the page reads its record intact as `verify` does, and one with a fact after
    /// the withdrawal, or a withdrawal after the opening (each with every link rebuilt), breaks the rules for both alike.
    /// </summary>
    [Fact]
    public async Task a_withdrawn_jornadas_record_is_read_as_the_service_reads_it()
    {
        var withdrawn = Unit.when_a_jornada_is_withdrawn.WithdrawnBuilder();
        var ofProcess = Unit.when_a_withdrawn_jornadas_record_is_verified.ProcessJornadaWithdrawn();
        var facts = Unit.RecordedJornada.Facts(withdrawn);
        var open = Unit.JornadaBuilder.Open();
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        Assert.Null(await RecordVerdictInBrowserAsync(tab, withdrawn.Id, facts));
        Assert.Null(RecordVerifier.Verify(withdrawn.Id, facts).FirstBreak);
        foreach (var (id, record, reason) in new[]
        {
            (withdrawn.Id, Unit.RecordedJornada.Rechained(withdrawn.Id, [.. facts, AuditRecords.Fact(new JornadaOpened(withdrawn.Id, Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.Opens))]),
                "la Jornada ya estaba retirada: después de su retiro el registro no admite nada más."),
            (open.Id, Unit.RecordedJornada.Rechained(open.Id, [.. Unit.RecordedJornada.Facts(open),
                AuditRecords.Fact(new JornadaWithdrawn(open.Id, "Tarde", Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.During))]),
                "una Jornada se retira solo antes de abrir la votación."),
            (ofProcess.Id, ofProcess.Record, "la Jornada de un proceso no se retira."),
        })
        {
            Assert.Contains(reason, await RecordVerdictInBrowserAsync(tab, id, record));
            Assert.Contains(reason, RecordVerifier.Verify(id, record).FirstBreak!.Reason);
        }
    }

    /// <summary>
    /// The IEEQ authorizes a kiosk once, after its device was configured and before it was closed: the page and `verify`
    /// read a record that breaks that alike, and one that keeps it as intact.
    /// </summary>
    [Fact]
    public async Task a_kiosk_authorized_out_of_turn_in_the_record_is_read_as_the_service_reads_it()
    {
        var prepared = Unit.JornadaBuilder.Preparing().WithOptions().WithKiosk(Unit.JornadaBuilder.Kiosk1).WithKiosk("kiosco-2");
        var configured = prepared.Then(Unit.Decisions.Event<KioskActivated>(Unit.JornadaBuilder.ActivateKiosk(prepared.Build(), Unit.JornadaBuilder.Kiosk1,
            "device-credential", Unit.JornadaBuilder.Before)));
        var authorized = configured.Then(Unit.Decisions.Event<KioskAuthorized>(AuthorizeKioskEndpoint.Decide(configured.Build(), Unit.JornadaBuilder.Kiosk1,
            KioskFingerprint.Of("device-credential"), Unit.JornadaBuilder.Auditor, Unit.JornadaBuilder.Before))).Opened();
        var facts = Unit.RecordedJornada.Facts(authorized);
        KioskAuthorized Authorization(string kioskId) => new(authorized.Id, kioskId, Unit.JornadaBuilder.Auditor, Unit.JornadaBuilder.During);
        var closed = AuditRecords.Fact(new KioskClosed(authorized.Id, Unit.JornadaBuilder.Kiosk1, Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.During));
        var activation = facts.FindIndex(f => f.Type == "kiosk_activated");
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        Assert.Null(await RecordVerdictInBrowserAsync(tab, authorized.Id, facts));
        Assert.Null(RecordVerifier.Verify(authorized.Id, facts).FirstBreak);
        foreach (var (record, reason) in new[]
        {
            (Unit.RecordedJornada.Rechained(authorized.Id, [.. facts, AuditRecords.Fact(Authorization(Unit.JornadaBuilder.Kiosk1))]), "ese kiosco ya estaba autorizado."),
            (Unit.RecordedJornada.Rechained(authorized.Id, [.. facts, AuditRecords.Fact(Authorization("kiosco-2"))]), "ese kiosco no estaba configurado."),
            (Unit.RecordedJornada.Rechained(authorized.Id, [.. facts.Take(activation + 1), closed, .. facts.Skip(activation + 1)]), "ese kiosco ya estaba cerrado."),
            (Unit.RecordedJornada.Rechained(authorized.Id, [.. Unit.RecordedJornada.Facts(Unit.JornadaBuilder.Open().Closed()), AuditRecords.Fact(Authorization(Unit.JornadaBuilder.Kiosk1))]),
                "la votación ya estaba cerrada."),
            (Unit.RecordedJornada.Rechained(authorized.Id, [.. facts, AuditRecords.Fact(new KioskActivated(authorized.Id, Unit.JornadaBuilder.Kiosk1, new string('b', 64),
                Unit.JornadaBuilder.During))]), "ese kiosco ya estaba configurado: su enlace sirve una sola vez."),
        })
        {
            Assert.Contains(reason, await RecordVerdictInBrowserAsync(tab, authorized.Id, record));
            Assert.Contains(reason, RecordVerifier.Verify(authorized.Id, record).FirstBreak!.Reason);
        }
    }

    /// <summary>
    /// The IEEQ's grant fixes the kiosk's name and place, and a withdrawn grant countersigns nothing: the page and `verify`
    /// read a registration rewritten elsewhere (every link rebuilt), or one made after its grant was withdrawn, alike.
    /// </summary>
    [Fact]
    public async Task a_kiosk_registered_elsewhere_or_with_a_withdrawn_grant_is_read_as_the_service_reads_it()
    {
        var jornada = Unit.RecordedJornada.Complete();
        var facts = Unit.RecordedJornada.Facts(jornada);
        var kiosk = facts.FindLastIndex(f => f.Type == "kiosk_registered");
        var moved = facts[kiosk] with { Fields = facts[kiosk].Fields.Replace("location=s:Delegaci%C3%B3n", "location=s:Bodega") };
        var requestId = Guid.Parse(FieldValues.Parse(facts[kiosk].Fields)!.Text("countersignature")!);
        var withdrawn = AuditRecords.Fact(new CountersignatureWithdrawn(jornada.Id, requestId, "Ya no", Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.During));
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        Assert.Null(await RecordVerdictInBrowserAsync(tab, jornada.Id, facts));
        // A request recorded before name and place were asked fixes the id only: registered under any name, intact.
        var old = Unit.JornadaBuilder.Open().WithCountersignature(CountersignedAction.RegisterKiosk, "kiosco-3");
        old.Then(Unit.Decisions.Event<KioskRegistered>(RegisterKioskEndpoint.Decide(old.Build(), new RegisterKiosk("kiosco-3", "Otro", "Bodega"), "h",
            Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.During)));
        var oldFacts = Unit.RecordedJornada.Facts(old);
        Assert.DoesNotContain(oldFacts, f => f.Fields.Contains("kioskName="));
        Assert.Null(await RecordVerdictInBrowserAsync(tab, old.Id, oldFacts));
        Assert.Null(RecordVerifier.Verify(old.Id, oldFacts).FirstBreak);
        foreach (var (record, reason) in new[]
        {
            (Unit.RecordedJornada.Rechained(jornada.Id, [.. facts.Take(kiosk), moved, .. facts.Skip(kiosk + 1)]),
                "el kiosco se registró con otro nombre o ubicación que los que contrafirmó el IEEQ."),
            (Unit.RecordedJornada.Rechained(jornada.Id, [.. facts.Take(kiosk), withdrawn, .. facts.Skip(kiosk)]),
                "con la votación abierta, registrar un kiosco requiere la contrafirma del IEEQ otorgada para ese kiosco."),
            (Unit.RecordedJornada.Rechained(jornada.Id, [.. facts.Take(kiosk + 1), withdrawn, .. facts.Skip(kiosk + 1)]),
                "no retira una solicitud de contrafirma pendiente u otorgada sin usar."),
            (Unit.RecordedJornada.Rechained(jornada.Id, [.. facts.Take(facts.FindIndex(f => f.Type == "jornada_closed") + 1),
                AuditRecords.Fact(new CountersignatureWithdrawn(jornada.Id, Guid.Parse(FieldValues.Parse(facts.Single(f => f.Type == "countersignature_requested"
                    && f.Fields.Contains("action=s:CloseEarly")).Fields)!.Text("requestId")!), "Tarde", Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.Closes)),
                .. facts.Skip(facts.FindIndex(f => f.Type == "jornada_closed") + 1)]),
                "no retira una solicitud de contrafirma pendiente u otorgada sin usar."),
        })
        {
            Assert.Contains(reason, await RecordVerdictInBrowserAsync(tab, jornada.Id, record));
            Assert.Contains(reason, RecordVerifier.Verify(jornada.Id, record).FirstBreak!.Reason);
        }
    }

    /// <summary>
    /// The IEEQ withdraws a grant it gave (byIeeq); a request still waiting it denies: the page and `verify` read an IEEQ
    /// withdrawal of a pending request (every link rebuilt) as a break, and one of a grant as intact, alike.
    /// </summary>
    [Fact]
    public async Task an_ieeq_withdrawal_of_a_request_it_never_granted_is_read_as_the_service_reads_it()
    {
        var jornada = Unit.RecordedJornada.Complete();
        var facts = Unit.RecordedJornada.Facts(jornada);
        var close = facts.FindIndex(f => f.Type == "jornada_closed");
        var requestId = Guid.NewGuid();
        var asked = AuditRecords.Fact(new CountersignatureRequested(jornada.Id, requestId, CountersignedAction.CloseEarly, null, "Lluvia",
            Unit.JornadaBuilder.Staff, Unit.JornadaBuilder.During));
        var granted = AuditRecords.Fact(new CountersignatureGranted(jornada.Id, requestId, "Sí", Unit.JornadaBuilder.Auditor, Unit.JornadaBuilder.During));
        var withdrawn = AuditRecords.Fact(new CountersignatureWithdrawn(jornada.Id, requestId, "Por error", Unit.JornadaBuilder.Auditor,
            Unit.JornadaBuilder.During, ByIeeq: true));
        var ofAGrant = Unit.RecordedJornada.Rechained(jornada.Id, [.. facts.Take(close), asked, granted, withdrawn, .. facts.Skip(close)]);
        var ofAPendingRequest = Unit.RecordedJornada.Rechained(jornada.Id, [.. facts.Take(close), asked, withdrawn, .. facts.Skip(close)]);
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        Assert.Null(await RecordVerdictInBrowserAsync(tab, jornada.Id, ofAGrant));
        Assert.Null(RecordVerifier.Verify(jornada.Id, ofAGrant).FirstBreak);
        const string reason = "el IEEQ retira solo una contrafirma que otorgó y no se usó.";
        Assert.Contains(reason, await RecordVerdictInBrowserAsync(tab, jornada.Id, ofAPendingRequest));
        Assert.Contains(reason, RecordVerifier.Verify(jornada.Id, ofAPendingRequest).FirstBreak!.Reason);
    }

    /// <summary>
    /// The IEEQ's tester read «Boletas revisadas: 2» from `verify` and «Boletas revisadas (hasta la ruptura) 1» from this
    /// page for the same file: `verify` counted the ballot that broke, while the tally it printed left it out. Both now
    /// count what held before the break, and say so.
    /// </summary>
    [Fact]
    public async Task a_broken_export_is_counted_the_same_by_the_page_and_by_verify()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var ballotLines = await File.ReadAllLinesAsync(Directory.GetFiles(folder, "boletas-*.csv").Single());
        var fields = ballotLines[3].Split(','); // ballot 3 (A, after A and B): its option swapped
        fields[1] = fields[1] == "A" ? "B" : "A";
        ballotLines[3] = string.Join(',', fields);
        var ballots = Path.Combine(folder, "boletas-alteradas.csv");
        await File.WriteAllLinesAsync(ballots, ballotLines);
        var recordLines = await File.ReadAllLinesAsync(Directory.GetFiles(folder, "registro-*.csv").Single());
        recordLines[3] = recordLines[3][..^1] + (recordLines[3][^1] == '0' ? '1' : '0'); // fact 3's hash, one character changed
        var record = Path.Combine(folder, "registro-alterado.csv");
        await File.WriteAllLinesAsync(record, recordLines);
        var sealFile = Path.Combine(folder, "sello.json");

        var output = new StringWriter();
        Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", ballots, "--seal", sealFile, "--record", record], output, output));
        var said = output.ToString().ReplaceLineEndings("\n");
        foreach (var line in new[] { "Boletas revisadas (hasta la ruptura): 2", "Cómputo recalculado (hasta la ruptura): A=1, B=1", "Eventos del registro revisados (hasta la ruptura): 2" })
            Assert.True(said.Contains(line + "\n", StringComparison.Ordinal), $"verify did not say «{line}»:\n{said}");

        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");
        await PickAsync(tab, ballots, sealFile, record);
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        ILocator Value(string term) => tab.Page.Locator(".summary div").Filter(new() { Has = tab.Page.Locator("dt", new() { HasText = term }) }).Locator("dd");
        await Expect(Value("Boletas revisadas (hasta la ruptura)")).ToHaveTextAsync("2");
        await Expect(Value("Cómputo recalculado (hasta la ruptura)")).ToHaveTextAsync("A: 1 · B: 1");
        await Expect(Value("Eventos del registro revisados (hasta la ruptura)")).ToHaveTextAsync("2");
    }

    /// <summary>
    /// A reviewer's: copies of an urn entry mixed by the service itself are chained like any ballot, links and hashes
    /// right, and once the seal is made over them no check saw them. Their shared receipt gives them away, to verify and
    /// to the page alike.
    /// </summary>
    [Fact]
    public async Task a_ballot_copied_and_chained_anew_is_named_by_its_repeated_receipt_by_verify_and_by_the_page()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var lines = (await File.ReadAllLinesAsync(Directory.GetFiles(folder, "boletas-*.csv").Single())).ToList();
        var first = lines[1].Split(',');
        var last = lines[^1].Split(',');
        var position = long.Parse(last[0], System.Globalization.CultureInfo.InvariantCulture) + 1;
        var hash = Ballots.BallotChain.Hash(seal.JornadaId, position, first[1], first[2], first[3], first[4], last[6]);
        lines.Add(string.Join(',', position, first[1], first[2], first[3], first[4], last[6], hash));
        var ballots = Path.Combine(folder, "boletas-con-copia.csv");
        await File.WriteAllLinesAsync(ballots, lines);
        var sealFile = Path.Combine(folder, "sello.json");
        var said = $"La boleta {position} repite el recibo {first[4]} de la boleta 1: cada voto tiene un recibo propio. Se copió una boleta";

        var output = new StringWriter();
        Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", ballots, "--seal", sealFile], output, output));
        Assert.Contains(said, output.ToString());
        // As the service would seal it had it chained the copy itself: count, final hash and tally agree with the ballots
        // (verify's fast scan once called this intact).
        var option = first[1];
        var agreeing = Path.Combine(folder, "sello-con-copia.json");
        await File.WriteAllBytesAsync(agreeing, (seal with
        {
            BallotCount = position, FinalHash = hash,
            Counts = new SortedDictionary<string, long>(seal.Counts.ToDictionary(c => c.Key, c => c.Value + (c.Key == option ? 1 : 0)), StringComparer.Ordinal),
        }).ToFile());
        var again = new StringWriter();
        Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", ballots, "--seal", agreeing], again, again));
        Assert.Contains(said, again.ToString());

        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");
        await PickAsync(tab, ballots, sealFile, null);
        await VerifyAsync(tab, seal.FinalHash);
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li").First).ToContainTextAsync(said);
    }

    /// <summary>
    /// The IEEQ's tester swapped two rows of each file and was told a ballot and an event had been removed: every one was
    /// still there. `verify` and this page now say the rows were moved, and where the one missing from its place is.
    /// </summary>
    [Fact]
    public async Task rows_moved_within_the_files_are_told_as_moved_by_verify_and_by_the_page()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var ballotLines = await File.ReadAllLinesAsync(Directory.GetFiles(folder, "boletas-*.csv").Single());
        (ballotLines[2], ballotLines[3]) = (ballotLines[3], ballotLines[2]); // ballots 2 and 3 (line 1 is the header)
        var ballots = Path.Combine(folder, "boletas-movidas.csv");
        await File.WriteAllLinesAsync(ballots, ballotLines);
        var recordLines = await File.ReadAllLinesAsync(Directory.GetFiles(folder, "registro-*.csv").Single());
        (recordLines[4], recordLines[5]) = (recordLines[5], recordLines[4]); // events 4 and 5
        var record = Path.Combine(folder, "registro-movido.csv");
        await File.WriteAllLinesAsync(record, recordLines);
        var sealFile = Path.Combine(folder, "sello.json");

        var output = new StringWriter();
        Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", ballots, "--seal", sealFile, "--record", record], output, output));
        var said = output.ToString();
        Assert.Contains("Las filas están fuera de orden: en la fila 2 va la boleta 2 y está la 3; la boleta 2 aparece más adelante, en la fila 3.", said);
        Assert.Contains("Los eventos están fuera de orden: en la fila 4 va el evento 4 del registro y está el 5 (", said);
        Assert.DoesNotContain("eliminó", said);

        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");
        await PickAsync(tab, ballots, sealFile, record);
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        var findings = tab.Page.Locator(".findings");
        await Expect(findings).ToContainTextAsync("Las filas están fuera de orden: en la línea 3 va la boleta 2 y está la 3; la boleta 2 aparece más adelante, en la línea 4.");
        await Expect(findings).ToContainTextAsync("Los eventos están fuera de orden: en la línea 5 va el evento 4 del registro y está el 5 (");
        await Expect(findings).Not.ToContainTextAsync("eliminó");
    }

    [Fact]
    public async Task an_event_changed_in_the_record_file_is_named_and_missing_files_are_asked_for()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var record = Directory.GetFiles(folder, "registro-*.csv").Single();
        var lines = await File.ReadAllLinesAsync(record);
        var kiosk = Array.FindIndex(lines, l => l.Contains(",kiosk_registered,") && l.Contains("kiosco-2"));
        lines[kiosk] = lines[kiosk].Replace("location=s:", "location=s:Otro%20lugar%2C%20", StringComparison.Ordinal);
        var altered = Path.Combine(folder, "registro-alterado.csv");
        await File.WriteAllLinesAsync(altered, lines);
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        await tab.Button("Verificar").ClickAsync();
        await Expect(tab.Page.GetByText("Elija el archivo de boletas.")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByLabel("Boletas", new() { Exact = true })).ToBeFocusedAsync();
        await Expect(tab.Page.GetByText("Elija el archivo del sello.")).ToBeVisibleAsync();

        await PickAsync(tab, Directory.GetFiles(folder, "boletas-*.csv").Single(), Path.Combine(folder, "sello.json"), altered);
        await VerifyAsync(tab, seal.RecordHash!);

        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        var position = lines[kiosk].Split(',')[0];
        await Expect(tab.Page.Locator(".findings li").First).ToContainTextAsync(
            $"Registro de la Jornada (línea {kiosk + 1}, posición {position}, registro de un kiosco): El evento {position} (registro de un kiosco, línea {kiosk + 1}) fue alterado");
        await Expect(tab.Page.Locator(".findings")).Not.ToContainTextAsync("kiosk_registered");
        Assert.True(await tab.FitsWidthAsync(), "The verifier page scrolls sideways.");
    }

    [Fact]
    public async Task a_seal_picked_from_another_jornada_is_told_as_a_mix_up_when_the_files_names_show_it_and_as_altered_otherwise()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var ballots = Directory.GetFiles(folder, "boletas-*.csv").Single();
        var record = Directory.GetFiles(folder, "registro-*.csv").Single();
        // The auditor's other folder: the same seal file, of a Jornada with another identifier.
        var other = Guid.NewGuid();
        var otherSeal = Path.Combine(folder, "sello-otra.json");
        await File.WriteAllTextAsync(otherSeal, (await File.ReadAllTextAsync(Path.Combine(folder, "sello.json"))).Replace(seal.JornadaId.ToString(), other.ToString()));
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        await PickAsync(tab, ballots, otherSeal, record);
        await VerifyAsync(tab, "");

        await Expect(tab.Heading("Los archivos no son de una misma Jornada")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("main")).ToContainTextAsync(
            $"El archivo de boletas «boletas-{seal.JornadaId}.csv» es de la Jornada {seal.JornadaId} (su cadena se verifica con ese identificador) y el sello, de la Jornada {other}.");

        // Renamed, nothing shows whose they are: ballots that fail under the seal are altered, with a word on mix-ups.
        var renamed = Path.Combine(folder, "boletas.csv");
        File.Copy(ballots, renamed);
        var renamedRecord = Path.Combine(folder, "registro.csv");
        File.Copy(record, renamedRecord);
        await PickAsync(tab, renamed, otherSeal, renamedRecord);
        await VerifyAsync(tab, "");
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li").First).ToContainTextAsync("La boleta 1");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("Con el sello de otra Jornada, la primera boleta y el primer evento tampoco dan su hash.");
    }

    /// <summary>
    /// Another Jornada's ballots, renamed, with this Jornada's seal and record: the record holds, so the note on the seal
    /// was not given, and the page said «no está íntegra» with no word of a mix-up. The ballots' last row does not store
    /// the seal's final hash, as an altered first ballot's would: a note says they may be another Jornada's (as verify does).
    /// </summary>
    [Fact]
    public async Task another_jornadas_ballots_renamed_beside_this_jornadas_seal_and_record_are_hinted_to_be_a_mix_up()
    {
        var (folder, _) = await ExportedJornadaAsync();
        var (otherFolder, _) = await ExportedJornadaAsync();
        var foreign = Path.Combine(folder, "boletas.csv");
        File.Copy(Directory.GetFiles(otherFolder, "boletas-*.csv").Single(), foreign);
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        await PickAsync(tab, foreign, Path.Combine(folder, "sello.json"), Directory.GetFiles(folder, "registro-*.csv").Single());
        await VerifyAsync(tab, "");

        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li").First).ToContainTextAsync("La boleta 1");
        await Expect(tab.Page.Locator("main")).ToContainTextAsync("Las boletas no dan su hash desde la primera y la última no guarda el hash final del sello, como pasa con las boletas de otra Jornada.");
        await Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("Con el sello de otra Jornada");
    }

    [Fact]
    public async Task a_seal_short_of_its_counts_or_its_number_is_unreadable_and_an_option_named_like_javascripts_own_is_not_on_the_ballot()
    {
        // One ballot chained correctly for option «toString», which the seal does not have: a forged export.
        var jornadaId = Guid.NewGuid();
        var genesis = new string('0', 64);
        var hash = Ballots.BallotChain.Hash(jornadaId, 1, "toString", "kiosk", "kiosco-1", "ABCD-EFGH-JKMN", genesis);
        var folder = Directory.CreateTempSubdirectory("verificador-").FullName;
        var ballots = Path.Combine(folder, "boletas.csv");
        await File.WriteAllTextAsync(ballots, $"{AuditRecords.CsvHeader}\n1,toString,kiosk,kiosco-1,ABCD-EFGH-JKMN,{genesis},{hash}\n");
        string Seal(string counts, string ballotCount) => $$"""{"jornadaId":"{{jornadaId}}","finalHash":"{{hash}}"{{ballotCount}},"counts":{{counts}}}""";
        var forged = Path.Combine(folder, "sello.json");
        await File.WriteAllTextAsync(forged, Seal("""{"A":1}""", ""","ballotCount":1"""));
        var nullCounts = Path.Combine(folder, "sello-sin-conteo.json");
        await File.WriteAllTextAsync(nullCounts, Seal("null", ""","ballotCount":1"""));
        var noNumber = Path.Combine(folder, "sello-sin-numero.json");
        await File.WriteAllTextAsync(noNumber, Seal("""{"A":1}""", ""));
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        await PickAsync(tab, ballots, forged, null);
        await VerifyAsync(tab, hash);
        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li").First).ToContainTextAsync("trae la opción «toString», que no está en la boleta sellada");

        foreach (var seal in new[] { nullCounts, noNumber })
        {
            await PickAsync(tab, ballots, seal, null);
            await VerifyAsync(tab, hash);
            await Expect(tab.Heading("No se pudo verificar")).ToBeVisibleAsync();
            await Expect(tab.Page.Locator("[data-result]")).ToContainTextAsync(
                "Al sello le falta la Jornada, el hash final de las boletas, el número de boletas o el cómputo (jornadaId, finalHash, ballotCount y counts en el archivo)");
        }
    }

    /// <summary>
    /// Only sello.json edited (its counts swapped, its final hash or its number of ballots changed), the ballots and the
    /// record as the service wrote them and the hash noted at the close theirs: the page said «Boletas (posición 13): …
    /// falta la boleta 13» and verify «Primera ruptura en la fila 12» (an outside auditor's). Both name the seal file now,
    /// in the same words, and the ballots are not counted «hasta la ruptura».
    /// </summary>
    [Fact]
    public async Task a_seal_file_edited_alone_is_named_by_the_page_and_by_verify_not_a_row_of_the_ballots()
    {
        var jornada = Unit.RecordedJornada.Complete();
        var seal = Unit.RecordedJornada.Seal(jornada);
        var ballots = jornada.Ballots.Select(AuditRecords.ToExported).ToList();
        var record = Unit.RecordedJornada.Facts(jornada);
        var swapped = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["A"] = seal.Counts["B"], ["B"] = seal.Counts["A"] };
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        foreach (var (edited, field) in new[] { (seal with { Counts = swapped }, "el cómputo"), (seal with { FinalHash = ballots[^2].Hash }, "el hash final de las boletas"),
                     (seal with { BallotCount = seal.BallotCount + 1 }, "el número de boletas") })
        {
            var files = Unit.ExportFiles.Write(jornada.Id, ballots, edited, record);

            await PickAsync(tab, files.Ballots, files.Seal, files.Record);
            await VerifyAsync(tab, seal.RecordHash!);
            await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
            var finding = tab.Page.Locator(".findings li");
            await Expect(finding).ToHaveCountAsync(1);
            await Expect(finding).ToContainTextAsync($"Sello: El sello (sello.json) dice que {field} es ");
            await Expect(finding).ToContainTextAsync("que concuerda con las boletas y con el hash anotado, dice ");
            await Expect(tab.Page.Locator("[data-result]")).Not.ToContainTextAsync("hasta la ruptura");
            await Expect(tab.Page.GetByText("lo que anotó coincide")).ToBeVisibleAsync();

            var output = new StringWriter();
            Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", files.Ballots, "--seal", files.Seal, "--record", files.Record,
                "--expected-seal", seal.RecordHash!], output, output));
            var said = output.ToString().ReplaceLineEndings("\n");
            Assert.DoesNotContain("Primera ruptura", said);
            Assert.Contains("\n  " + (await finding.TextContentAsync())!["Sello: ".Length..] + "\n", said);
        }

        // Without the hash noted at the close, ballots and record rebuilt together would read the same: the page says so.
        var unnoted = Unit.ExportFiles.Write(jornada.Id, ballots, seal with { Counts = swapped }, record);
        await PickAsync(tab, unnoted.Ballots, unnoted.Seal, unnoted.Record);
        await VerifyAsync(tab, "");
        await Expect(tab.Page.Locator(".findings li")).ToHaveTextAsync([$"Sello: El sello (sello.json) dice que el cómputo es A: {swapped["A"]}, B: {swapped["B"]}; " +
            $"el cierre del registro, que concuerda con las boletas, dice A: {seal.Counts["A"]}, B: {seal.Counts["B"]}: se alteró el sello, o se rehicieron " +
            "juntos las boletas y el registro (el hash anotado al cierre dice cuál)."]);

        // What the page and verify print as recomputed comes from the files' facts: a seal retitled, or with an option
        // of no ballot added at 0, was printed as the Jornada's name and in «Cómputo recalculado» (an outside auditor's).
        foreach (var edited in new[] { seal with { Title = "Otra Jornada" },
                     seal with { Counts = new SortedDictionary<string, long>(seal.Counts.ToDictionary(), StringComparer.Ordinal) { ["C"] = 0 } } })
        {
            var files = Unit.ExportFiles.Write(jornada.Id, ballots, edited, record);
            await PickAsync(tab, files.Ballots, files.Seal, files.Record);
            await VerifyAsync(tab, seal.RecordHash!);
            await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
            var summary = tab.Page.Locator(".summary");
            await Expect(summary).ToContainTextAsync($"{Unit.JornadaBuilder.Title} ({jornada.Id})");
            await Expect(summary).ToContainTextAsync($"A: {seal.Counts["A"]} · B: {seal.Counts["B"]}");
            await Expect(summary).Not.ToContainTextAsync("Otra Jornada");
            await Expect(summary).Not.ToContainTextAsync("C: 0");

            var output = new StringWriter();
            Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", files.Ballots, "--seal", files.Seal, "--record", files.Record,
                "--expected-seal", seal.RecordHash!], output, output));
            var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
            Assert.Equal($"Jornada {jornada.Id} «{Unit.JornadaBuilder.Title}»", lines[0]);
            Assert.Equal($"Cómputo recalculado: A={seal.Counts["A"]}, B={seal.Counts["B"]}", lines[2]);
        }
    }

    /// <summary>
    /// A seal figure written «N.0» and a ballot at position «01»: the page called both intact (JSON reads N, Number reads
    /// 1) while the shell did not. It names each under its file, in the words verify prints.
    /// </summary>
    [Fact]
    public async Task a_number_written_otherwise_than_the_service_writes_it_is_named_by_the_page_and_by_verify()
    {
        var jornada = Unit.RecordedJornada.Complete();
        var seal = Unit.RecordedJornada.Seal(jornada);
        var ballots = jornada.Ballots.Select(AuditRecords.ToExported).ToList();
        var files = Unit.ExportFiles.Write(jornada.Id, ballots, seal, Unit.RecordedJornada.Facts(jornada));
        var sealText = await File.ReadAllTextAsync(files.Seal);
        var ballotsText = await File.ReadAllTextAsync(files.Ballots);
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        foreach (var (heading, edit) in new (string, Action)[]
        {
            ("Sello", () => File.WriteAllText(files.Seal, sealText.Replace($"\"ballotCount\":{seal.BallotCount},", $"\"ballotCount\":{seal.BallotCount}.0,"))),
            ("Boletas", () => File.WriteAllText(files.Ballots, ballotsText.Replace("\n1,", "\n01,"))),
        })
        {
            await File.WriteAllTextAsync(files.Seal, sealText);
            await File.WriteAllTextAsync(files.Ballots, ballotsText);
            edit();

            await PickAsync(tab, files.Ballots, files.Seal, files.Record);
            await VerifyAsync(tab, seal.RecordHash!);
            await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
            var finding = tab.Page.Locator(".findings li");
            await Expect(finding).ToHaveCountAsync(1);
            await Expect(finding).ToContainTextAsync(ExportNumbers.Rule);
            var text = (await finding.TextContentAsync())!;
            Assert.StartsWith(heading, text); // «Sello: …», «Boletas (línea 2): …»

            var output = new StringWriter();
            Assert.Equal(1, await VerifyCommand.RunAsync(["--ballots", files.Ballots, "--seal", files.Seal, "--record", files.Record,
                "--expected-seal", seal.RecordHash!], output, output));
            var said = output.ToString().ReplaceLineEndings("\n");
            Assert.Contains("\n  " + text[(text.IndexOf(": ", StringComparison.Ordinal) + 2)..] + "\n", said);
        }
    }
    /// <summary>
    /// The record is optional on the form: left out, the sello del registro typed is what the seal says and could not be
    /// recomputed, never «no está íntegra» (until 2026-12-07 the page sent the auditor to the altered-export protocol).
    /// Chosen alone, a withdrawn Jornada's record (no ballots, no seal) is checked with its noted hashes, and a changed
    /// one is named.
    /// </summary>
    [Fact]
    public async Task without_the_record_a_noted_hash_is_unchecked_and_a_withdrawn_jornadas_record_is_checked_alone()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");
        await PickAsync(tab, Directory.GetFiles(folder, "boletas-*.csv").Single(), Path.Combine(folder, "sello.json"), record: null);
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Heading("No se pudo comprobar el hash anotado")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("[data-result]")).ToContainTextAsync("elija el archivo del registro");
        await Expect(tab.Page.Locator("[data-result]")).Not.ToContainTextAsync("no está íntegra");

        var created = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(created.Id);
        var withdrawal = await _api.Staff.PostAsJsonAsync($"/api/jornadas/{created.Id}/withdraw", new WithdrawJornada("Se creó por error."), VotingApi.Json);
        Assert.True(withdrawal.IsSuccessStatusCode, await withdrawal.Content.ReadAsStringAsync());
        var text = await _api.Auditor.GetStringAsync($"/api/jornadas/{created.Id}/audit/record.csv");
        var record = Path.Combine(folder, $"registro-{created.Id}.csv");
        await File.WriteAllTextAsync(record, text);
        var withdrawn = text.Split('\n').Single(l => l.Contains(",jornada_withdrawn,")).Split(',');

        await tab.GotoAsync("/verificar.html");
        await tab.Page.GetByLabel("Registro de la Jornada").SetInputFilesAsync(record);
        await tab.Page.GetByLabel("Otros hashes anotados").FillAsync(withdrawn[4]);
        await tab.Button("Verificar").ClickAsync();
        await Expect(tab.Heading("Registro íntegro")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("[data-result]")).ToContainTextAsync($"es el del evento {withdrawn[0]} del registro (retiro de la Jornada)");
        await Expect(tab.Page.Locator("[data-result]")).ToContainTextAsync("está completo");
        await tab.AxeAsync("verificador registro solo", output);

        await File.WriteAllTextAsync(record, text.Replace("Se%20cre%C3%B3%20por%20error.", "Otra%20raz%C3%B3n."));
        await tab.GotoAsync("/verificar.html");
        await tab.Page.GetByLabel("Registro de la Jornada").SetInputFilesAsync(record);
        await tab.Button("Verificar").ClickAsync();
        await Expect(tab.Heading("El registro no está íntegro")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li").First).ToContainTextAsync($"El evento {withdrawn[0]} (retiro de la Jornada, línea");
    }

    /// <summary>
    /// A file picked, then downloaded again under the same name (or moved, or deleted) before «Verificar»: the browser
    /// refuses to read what was picked, and the page showed nothing at all, its button back as if nothing had been asked.
    /// It says so, and what to do, as it does for a file it cannot read.
    /// </summary>
    [Fact]
    public async Task a_file_changed_or_deleted_after_it_was_picked_is_said_and_picked_again()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var ballots = Directory.GetFiles(folder, "boletas-*.csv").Single();
        var sealFile = Path.Combine(folder, "sello.json");
        var record = Directory.GetFiles(folder, "registro-*.csv").Single();
        var text = await File.ReadAllTextAsync(ballots);
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");
        const string said = "No se pudo leer uno de los archivos elegidos: cambió, se movió o se borró después de elegirlo " +
                            "(por ejemplo, al descargarlo de nuevo con el mismo nombre). Elija de nuevo cada archivo y pulse «Verificar».";

        await PickAsync(tab, ballots, sealFile, record);
        await File.WriteAllTextAsync(ballots, text + text[text.IndexOf('\n')..]); // downloaded again: other size, other time
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Heading("No se pudo verificar")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("[data-result]")).ToContainTextAsync(said);
        await tab.AxeAsync("verificador archivo que cambió", output);

        await File.WriteAllTextAsync(ballots, text);
        await PickAsync(tab, ballots, sealFile, record);
        File.Delete(record);
        await VerifyAsync(tab, seal.RecordHash!);
        await Expect(tab.Page.Locator("[data-result]")).ToContainTextAsync(said);
    }

    /// <summary>
    /// Only the first ballot altered, the record whole (its first event held under the seal's id): the page said «Con el
    /// sello de otra Jornada…», a mix-up the record rules out. The note stays for a seal of another Jornada (above).
    /// </summary>
    [Fact]
    public async Task an_altered_first_ballot_with_the_record_whole_is_not_hinted_to_be_a_mix_up()
    {
        var (folder, seal) = await ExportedJornadaAsync();
        var ballots = Directory.GetFiles(folder, "boletas-*.csv").Single();
        var lines = await File.ReadAllLinesAsync(ballots);
        var first = lines[1].Split(',');
        first[1] = first[1] == "A" ? "B" : "A";
        lines[1] = string.Join(',', first);
        await File.WriteAllTextAsync(ballots, string.Join('\n', lines) + "\n");
        await using var tab = await chromium.DesktopAsync(service);
        await tab.GotoAsync("/verificar.html");

        await PickAsync(tab, ballots, Path.Combine(folder, "sello.json"), Directory.GetFiles(folder, "registro-*.csv").Single());
        await VerifyAsync(tab, seal.RecordHash!);

        await Expect(tab.Heading("La exportación no está íntegra")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".findings li").First).ToContainTextAsync("La boleta 1");
        await Expect(tab.Page.Locator("main")).Not.ToContainTextAsync("Con el sello de otra Jornada");
    }
}
