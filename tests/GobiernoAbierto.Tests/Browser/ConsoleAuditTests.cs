using System.Net.Http.Json;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

/// <summary>
/// The IEEQ's desk as an outside tester acting for the IEEQ used it: the opening's hash, which README recommends noting,
/// was only in the API's log; certifying was a box to tick, while the acta said the seal had been compared with the one
/// noted; and the only guide to checking the export was README's `verify`, in English.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_ieeq_audits_a_jornada_from_its_desk(ServiceFixture service, ChromiumFixture chromium,
    Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>The record as exported (record.csv, read from the stream itself): the hash of the fact of this type.</summary>
    private async Task<string> RecordHashOfAsync(Guid id, string type) =>
        (await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv")).Split('\n')
        .Single(line => line.Split(',') is [_, var t, ..] && t == type).Split(',')[4];

    /// <summary>
    /// Account administration is the municipality's: an administrator could make an auditor account, or give a real
    /// auditor's a new activation code and activate it, and act as the IEEQ. The desk shows the IEEQ every account of its
    /// roles, who made it and who last gave it a new code.
    /// </summary>
    [Fact]
    public async Task the_desk_shows_who_acts_as_the_ieeq_who_made_each_account_and_who_gave_it_a_new_activation_code()
    {
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        var other = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        Guid otherId;
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
            otherId = (await session.Query<Accounts.Account>().SingleAsync(a => a.UserName == other.UserName)).Id;
        var reissuedAt = service.Clock.GetUtcNow();
        Assert.Null(await service.Services.GetRequiredService<Hosting.StreamWrites>().DecideAsync<Accounts.Account>(otherId,
            account => Accounts.ManageAccountRules.ReissueActivation(account, "ee55", Guid.NewGuid(), "Ana Administradora (ana.admin)", reissuedAt),
            CancellationToken.None));

        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, auditor);
        await tab.Page.GotoAsync("/consola/auditoria");

        var table = tab.Page.Locator("[data-ieeq-accounts]");
        var row = table.GetByRole(AriaRole.Row).Filter(new() { HasText = other.UserName });
        await Expect(row).ToContainTextAsync("Auditoría del IEEQ");
        await Expect(row).ToContainTextAsync("Por activar");
        await Expect(row).ToContainTextAsync($"{QueretaroTime.Format(reissuedAt)}, por Ana Administradora (ana.admin)");
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = auditor.UserName })).ToContainTextAsync("Activa");
        await Expect(table).Not.ToContainTextAsync(staff.UserName);
        // Staff accounts are listed apart, with who made each and who gave it a new code: whoever activates one signs as
        // its person (an administrator took over a staff account, and neither the person nor the IEEQ saw it, an outside
        // tester's; the red team made a new one for itself).
        var others = tab.Page.Locator("[data-others]").GetByRole(AriaRole.Row).Filter(new() { HasText = staff.UserName });
        await Expect(others).ToContainTextAsync(staff.DisplayName);
        await Expect(others).ToContainTextAsync("Ninguno");
        await Expect(tab.Page.Locator("[data-others]")).Not.ToContainTextAsync(auditor.UserName);
        Guid staffId;
        await using (var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession())
            staffId = (await session.Query<Accounts.Account>().SingleAsync(a => a.UserName == staff.UserName)).Id;
        Assert.Null(await service.Services.GetRequiredService<Hosting.StreamWrites>().DecideAsync<Accounts.Account>(staffId,
            account => Accounts.ManageAccountRules.ReissueActivation(account, "ee66", Guid.NewGuid(), "Ana Administradora (ana.admin)", reissuedAt),
            CancellationToken.None));
        await tab.Page.ReloadAsync();
        var reissued = tab.Page.Locator("[data-others]").GetByRole(AriaRole.Row).Filter(new() { HasText = staff.UserName });
        await Expect(reissued).ToContainTextAsync("Personal municipal");
        await Expect(reissued).ToContainTextAsync($"{QueretaroTime.Format(reissuedAt)}, por Ana Administradora (ana.admin)");
        await tab.AxeAsync("mesa de auditoría con una cuenta del personal con código nuevo", output);
        // The configuration's credentials act as the IEEQ too, with no IEEQ code: listed by name and role, never a token.
        var keys = tab.Page.Locator("[data-ieeq-keys]");
        await Expect(keys.GetByRole(AriaRole.Row).Filter(new() { HasText = "Auditora IEEQ de prueba" })).ToContainTextAsync("Auditoría del IEEQ");
        await Expect(keys.GetByRole(AriaRole.Row).Filter(new() { HasText = "Autoridad de credenciales de prueba" })).ToHaveCountAsync(1);
        await Expect(keys).Not.ToContainTextAsync("Personal de prueba");
        await Expect(tab.Page.Locator("main")).Not.ToContainTextAsync(ServiceFixture.CredentialAuthorityToken);
        await tab.AxeAsync("mesa de auditoría con sus cuentas", output);
    }

    /// <summary>
    /// The desk said «No certifique» above a form that certified all the same (an outside auditor certified a Jornada whose
    /// ballot had been changed in the database): the form runs the same check first, and certifies nothing while it fails.
    /// </summary>
    /// <summary>
    /// An auditor who granted by mistake (the wrong kiosk) had to wait two hours for the grant to expire, or ask staff to
    /// withdraw it: the desk withdraws it, with a reason, and says the IEEQ did.
    /// </summary>
    [Fact]
    public async Task the_ieeq_withdraws_a_grant_it_gave_by_mistake_from_its_desk_with_a_reason()
    {
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var granted = await _api.CountersignAsync(id, VotingApi.KioskCountersignature("kiosco-mercado", "Mucha gente en el mercado."));
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, auditor);
        await page.GotoAsync($"/consola/auditoria/{id}");

        await page.Locator("summary", new() { HasText = "Retirar esta contrafirma" }).ClickAsync();
        await Button(page, $"Retirar la contrafirma para {granted.What}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba por qué la retira");
        await Expect(page.GetByLabel("Por qué la retira")).ToHaveAttributeAsync("aria-invalid", "true");
        await tab.AxeAsync("mesa de auditoría, retirar una contrafirma sin motivo", output);
        Assert.Equal(CountersignatureStatus.Granted, Assert.Single(await VotingApi.Read<List<CountersignatureView>>(
            await _api.Auditor.GetAsync($"/api/jornadas/{id}/countersignatures"))).Status);

        await page.GetByLabel("Por qué la retira").FillAsync("Era el kiosco de la delegación, no el del mercado.");
        await Button(page, $"Retirar la contrafirma para {granted.What}").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Retiró la contrafirma del IEEQ para {granted.What}: ya no sirve");
        await Expect(page.Locator("[data-countersignature-status]")).ToHaveTextAsync("Otorgada y retirada por el IEEQ");
        await Expect(page.Locator(".countersignature")).ToContainTextAsync("«Era el kiosco de la delegación, no el del mercado.»");
        await Expect(page.Locator("summary", new() { HasText = "Retirar esta contrafirma" })).ToHaveCountAsync(0);
        await tab.AxeAsync("mesa de auditoría, contrafirma retirada por el IEEQ", output);
        var withdrawn = Assert.Single(await VotingApi.Read<List<CountersignatureView>>(await _api.Staff.GetAsync($"/api/jornadas/{id}/countersignatures")));
        Assert.Equal((CountersignatureStatus.Withdrawn, true, "Era el kiosco de la delegación, no el del mercado."),
            (withdrawn.Status, withdrawn.WithdrawnByIeeq, withdrawn.WithdrawalReason));
        Assert.Contains(auditor.DisplayName, withdrawn.WithdrawnBy);
    }

    [Fact]
    public async Task a_ballot_changed_in_the_database_before_the_certification_is_not_certified_from_the_desk()
    {
        var (id, kiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), "A"));
        await _api.CloseAsync(id);
        var seal = await VotingApi.Read<Audit.ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        Assert.Equal(1, await new Database(service).ExecuteAsync(
            "update {schema}.mt_events set data = jsonb_set(data, '{OptionId}', '\"B\"') where stream_id = $1 and type = 'ballot_cast'", id));
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, auditor);
        await tab.Page.GotoAsync($"/consola/auditoria/{id}");

        await tab.Page.GetByLabel("Sello del registro que anotó al cierre").FillAsync(seal.RecordHash!);
        await tab.Page.GetByLabel("Verifiqué la exportación").CheckAsync();
        await Button(tab.Page, "Certificar el cómputo").ClickAsync();

        var alert = tab.Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("La verificación del servidor encontró una alteración");
        await Expect(alert).ToContainTextAsync("Cadena de boletas alterada");
        await Expect(alert).ToContainTextAsync("No se certificó nada.");
        await Expect(tab.Page.Locator("[data-jornada-status]")).ToHaveTextAsync("Votación cerrada y sellada");
        Assert.DoesNotContain(",tally_certified,", await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));
        await tab.AxeAsync("mesa de auditoría, certificación rechazada por la verificación", output);
    }

    /// <summary>Found after the certification and the publication, «No certifique» comes too late: it says what to do now.</summary>
    [Fact]
    public async Task a_ballot_changed_in_the_database_after_publication_is_reported_as_found_after_the_certification()
    {
        var (id, kiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), "A"));
        await _api.CloseAsync(id);
        var seal = await VotingApi.Read<Audit.ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{id}/audit/seal"));
        await VotingApi.Read<Jornadas.JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{id}/certification",
            new Jornadas.CertifyTally(seal.RecordHash!, null, ExportVerified: true), VotingApi.Json));
        await VotingApi.Read<Jornadas.JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{id}/publication", null));
        Assert.Equal(1, await new Database(service).ExecuteAsync(
            "update {schema}.mt_events set data = jsonb_set(data, '{OptionId}', '\"B\"') where stream_id = $1 and type = 'ballot_cast'", id));
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, auditor);

        await tab.Page.GotoAsync($"/consola/auditoria/{id}");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Verificar la cadena en el servidor" }).ClickAsync();

        var broken = tab.Page.Locator("[data-verification=broken]");
        await Expect(broken).ToContainTextAsync("Cadena de boletas alterada");
        await Expect(broken.Locator("[data-verification-after-certification]")).ToContainTextAsync("El cómputo ya se certificó y el proyecto ya se publicó");
        await Expect(broken).Not.ToContainTextAsync("No certifique");
        await tab.AxeAsync("mesa de auditoría, alteración tras la publicación", output);
    }

    /// <summary>
    /// A first-day auditor pressed «Verificar la cadena en el servidor» and saw the top of the desk again, unchanged: the
    /// answer was drawn far below, under the export and the verifier's steps. The link lands on it.
    /// </summary>
    [Fact]
    public async Task the_servers_verification_is_shown_where_the_auditor_lands_not_far_below_the_top_of_the_page()
    {
        var (id, kiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), "A"));
        await _api.CloseAsync(id);
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, auditor);
        await tab.Page.GotoAsync($"/consola/auditoria/{id}");

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Verificar la cadena en el servidor" }).ClickAsync();

        var intact = tab.Page.Locator("[data-verification=intact]");
        await Expect(intact).ToContainTextAsync("Íntegra");
        await Expect(intact).ToBeInViewportAsync();
        await tab.AxeAsync("mesa de auditoría, verificación del servidor a la vista", output);
    }

    [Fact]
    public async Task a_kiosk_registered_but_not_configured_is_on_the_desks_list_with_who_is_to_configure_it()
    {
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(service.Clock.GetUtcNow()));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.RegisterKioskLinkAsync(jornada.Id, "kiosco-7");
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(tab.Page, service, auditor);

        await tab.Page.GotoAsync($"/consola/auditoria/{jornada.Id}");

        await Expect(tab.Page.Locator("[data-kiosk=kiosco-7]")).ToContainTextAsync("Sin configurar: el personal municipal aún no abre su enlace en el equipo del kiosco");
        await tab.AxeAsync("mesa de auditoría, kiosco sin configurar", output);
    }

    [Fact]
    public async Task the_opening_hash_is_shown_while_the_vote_is_open_and_prints_on_a_sheet_to_sign()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var opening = await RecordHashOfAsync(id, "jornada_opened");
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var desk = tab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);

        await desk.GotoAsync($"/consola/auditoria/{id}");
        await Expect(desk.Locator("[data-jornada-status]")).ToHaveTextAsync("Votación abierta");
        var shown = desk.Locator("[data-opening-hash]");
        await Expect(shown).ToHaveAttributeAsync("data-opening-hash", opening);
        await Expect(shown).ToHaveTextAsync(string.Join(' ', opening.Chunk(8).Select(g => new string(g))));
        await Expect(desk.Locator("dt").Filter(new() { HasText = "Hash de la apertura (anótelo)" })).ToBeVisibleAsync();
        await tab.AxeAsync("consola auditoría, votación abierta", output);

        await desk.GetByRole(AriaRole.Link, new() { Name = "Constancia de apertura para imprimir y firmar" }).ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Constancia de apertura de la Jornada de Participación" })).ToBeVisibleAsync();
        await Expect(desk.Locator("[data-opening-hash]")).ToHaveAttributeAsync("data-opening-hash", opening);
        await tab.AxeAsync("consola constancia de apertura", output);
        await desk.EmulateMediaAsync(new() { Media = Media.Print });
        var hash = (await desk.Locator("dd:has([data-opening-hash])").BoundingBoxAsync())!;
        Assert.True(hash.Width > 300, $"The opening's hash is {hash.Width:0} px wide on paper.");
        await Expect(desk.Locator(".signatures")).ToContainTextAsync("Por el IEEQ (nombre y firma)");
        await Expect(Button(desk, "Imprimir la constancia")).ToBeHiddenAsync();
    }

    /// <summary>
    /// The constancia de apertura was linked from the IEEQ's desk only: staff who opened the vote, who sign it for the
    /// Municipio, had no way to it and never saw the hash the IEEQ notes. Their Jornada page shows both once it is open.
    /// </summary>
    [Fact]
    public async Task staff_who_open_the_vote_see_the_opening_hash_and_print_the_same_constancia()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var opening = await RecordHashOfAsync(id, "jornada_opened");
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var tab = await chromium.DesktopAsync(service);
        var page = tab.Page;
        await ConsoleAccounts.SignInAsync(page, service, staff);

        await page.GotoAsync($"/consola/jornadas/{id}");
        await Expect(page.Locator("[data-jornada-status]")).ToHaveTextAsync("Votación abierta");
        var shown = page.Locator("[data-opening-hash]");
        await Expect(shown).ToHaveAttributeAsync("data-opening-hash", opening);
        await Expect(shown).ToHaveTextAsync(string.Join(' ', opening.Chunk(8).Select(g => new string(g))));
        await tab.AxeAsync("consola jornada abierta con el hash de la apertura", output);

        await page.GetByRole(AriaRole.Link, new() { Name = "Constancia de apertura para imprimir y firmar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Constancia de apertura de la Jornada de Participación" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-opening-hash]")).ToHaveAttributeAsync("data-opening-hash", opening);
        await Expect(page.Locator(".signatures")).ToContainTextAsync("Por el Municipio (nombre y firma)");
        await page.GetByRole(AriaRole.Link, new() { Name = "← Volver" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/consola/jornadas/{id}$"));
        await Expect(page.Locator("[data-opening]")).ToContainTextAsync("que el IEEQ anota mientras la votación está abierta");

        // After the close the page no longer asks for it as if the vote were still open.
        await _api.CloseAsync(id);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-opening]")).ToContainTextAsync("que el IEEQ debía anotar con la votación abierta");
        await Expect(page.Locator("[data-opening-hash]")).ToHaveAttributeAsync("data-opening-hash", opening);
    }

    /// <summary>
    /// The audit log's «Abrió la votación» carried no hash, so the log could not be matched against the signed constancia:
    /// the line shows the opening's hash, the one the constancia prints (the record's, as exported).
    /// </summary>
    [Fact]
    public async Task the_audit_logs_opening_line_shows_the_hash_the_constancia_prints()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var opening = await RecordHashOfAsync(id, "jornada_opened");
        await service.Services.GetRequiredService<IDocumentStore>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var desk = tab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);

        await desk.GotoAsync($"/consola/auditoria/{id}");
        var line = desk.Locator("[data-audit-log] tbody tr").Filter(new() { HasText = "Abrió la votación" });
        await Expect(line).ToHaveCountAsync(1);
        var logged = line.Locator("[data-log-opening-hash]");
        await Expect(logged).ToHaveAttributeAsync("data-log-opening-hash", opening);
        await Expect(logged).ToHaveTextAsync(string.Join(' ', opening.Chunk(8).Select(g => new string(g))));
        await Expect(line).ToContainTextAsync("Hash de la apertura:");
        // Only the opening's line: the creation's fact has a hash too, which nobody is asked to note.
        await Expect(desk.Locator("[data-log-opening-hash]")).ToHaveCountAsync(1);
        await tab.AxeAsync("consola auditoría, bitácora con el hash de la apertura", output);

        await desk.GotoAsync($"/consola/auditoria/{id}/apertura");
        await Expect(desk.Locator("[data-opening-hash]")).ToHaveAttributeAsync("data-opening-hash", opening);
    }

    /// <summary>
    /// The desk offered registro-{id}.csv only after the close, though the API serves it at any time: it is offered while
    /// the vote is open, said to keep growing until the close; the ballots and the seal wait for the close.
    /// </summary>
    [Fact]
    public async Task the_registro_is_offered_while_the_vote_is_open_and_said_to_keep_growing()
    {
        var (id, _) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var desk = tab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);

        await desk.GotoAsync($"/consola/auditoria/{id}");
        await Expect(desk.Locator("[data-record-growing]")).ToContainTextAsync("Mientras la votación está abierta, el registro sigue creciendo");
        await Expect(desk.Locator("[data-record-growing]")).ToContainTextAsync("el definitivo es el que se descarga después del cierre");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = $"Boletas (boletas-{id}.csv)" })).ToHaveCountAsync(0);
        var download = await desk.RunAndWaitForDownloadAsync(() =>
            desk.GetByRole(AriaRole.Link, new() { Name = $"Registro de la Jornada (registro-{id}.csv)" }).ClickAsync());
        Assert.Equal($"registro-{id}.csv", download.SuggestedFilename);
        var path = Path.Combine(Directory.CreateTempSubdirectory("mesa-").FullName, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var record = await File.ReadAllTextAsync(path);
        Assert.Contains(",jornada_opened,", record);
        Assert.DoesNotContain(",jornada_closed,", record);
        await tab.AxeAsync("consola auditoría, registro con la votación abierta", output);
    }

    [Fact]
    public async Task the_auditor_checks_the_export_as_the_desk_says_and_certifies_with_the_seal_noted_a_different_one_certifies_nothing()
    {
        var (id, kiosk) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var auditor = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Auditor);
        await using var tab = await chromium.DesktopAsync(service);
        var desk = tab.Page;
        await ConsoleAccounts.SignInAsync(desk, service, auditor);
        // Noted while the vote is open, from the desk.
        await desk.GotoAsync($"/consola/auditoria/{id}");
        await Expect(desk.Locator("[data-kiosk-authorizations]")).ToContainTextAsync("Un kiosco configurado no recibe votos hasta que una persona del IEEQ");
        var notedAtOpening = (await desk.Locator("[data-opening-hash]").GetAttributeAsync("data-opening-hash"))!;
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kiosk), id, Voters.UniqueClave(), "B"));
        await _api.CloseAsync(id);
        // Noted at the close, from the seal sheet.
        await desk.GotoAsync($"/consola/jornadas/{id}/sello");
        var notedAtClose = (await desk.Locator("[data-record-hash]").GetAttributeAsync("data-record-hash"))!;
        var finalHash = (await desk.Locator("[data-seal-hash]").GetAttributeAsync("data-seal-hash"))!;
        // The two hashes of the sheet go by different names, and only the record's is called a seal.
        await Expect(desk.Locator("dt").Filter(new() { HasText = "Sello del registro (anótelo)" })).ToBeVisibleAsync();
        await Expect(desk.Locator("dt").Filter(new() { HasText = "Hash final de las boletas" })).ToBeVisibleAsync();

        // The desk's steps, in Spanish: what to download, how to check it in the browser, the command for those who use it.
        await desk.GotoAsync("/consola/auditoria");
        await Expect(desk.Locator("[data-audit-steps]")).ToContainTextAsync("anote el hash de la apertura");
        await Expect(desk.Locator("[data-audit-steps]")).ToContainTextAsync("anote el sello del registro");
        // The README checklist's two steps the desk left out (a reviewer): the files' fingerprints in the acta, and the
        // public results compared with it after publication.
        await Expect(desk.Locator("[data-audit-steps]")).ToContainTextAsync("la huella SHA-256 de cada uno de los tres archivos");
        await Expect(desk.Locator("[data-audit-steps]")).ToContainTextAsync("Después de la publicación, compare la página pública de resultados");
        await desk.GotoAsync($"/consola/auditoria/{id}");
        // The browser verifier is served by the service under audit: the desk says how not to depend on it.
        await Expect(desk.Locator("[data-verifier-copy]")).ToContainTextAsync("El verificador lo entrega este mismo servicio, el que usted audita");
        var steps = desk.Locator("[data-verify-steps]");
        await Expect(steps).ToContainTextAsync("Descargue los tres archivos");
        await Expect(steps).ToContainTextAsync("En «Hash anotado al cierre» escriba el sello del registro");
        await Expect(desk.Locator("[data-verify-command]")).ToContainTextAsync(
            $"verify --ballots boletas-{id}.csv --seal sello-{id}.json --record registro-{id}.csv --expected-seal");
        async Task<string> DownloadAsync(string link)
        {
            var download = await desk.RunAndWaitForDownloadAsync(() => desk.GetByRole(AriaRole.Link, new() { Name = link }).ClickAsync());
            var path = Path.Combine(Directory.CreateTempSubdirectory("mesa-").FullName, download.SuggestedFilename);
            await download.SaveAsAsync(path);
            return path;
        }
        var files = (Ballots: await DownloadAsync($"Boletas (boletas-{id}.csv)"), Seal: await DownloadAsync($"Sello (sello-{id}.json)"),
            Record: await DownloadAsync($"Registro de la Jornada (registro-{id}.csv)"));
        // The desk's seal is the API's, byte for byte (README's shell recipe reads either).
        Assert.Equal(await _api.Auditor.GetByteArrayAsync($"/api/jornadas/{id}/audit/seal"), await File.ReadAllBytesAsync(files.Seal));
        // Step by step as written: each box the steps name is on the verifier page.
        await steps.GetByRole(AriaRole.Link, new() { Name = "verificador" }).ClickAsync();
        await desk.GetByLabel("Boletas", new() { Exact = true }).SetInputFilesAsync(files.Ballots);
        await desk.GetByLabel("Sello", new() { Exact = true }).SetInputFilesAsync(files.Seal);
        await desk.GetByLabel("Registro de la Jornada").SetInputFilesAsync(files.Record);
        await desk.GetByLabel("Hash anotado al cierre").FillAsync(string.Join(' ', notedAtClose.Chunk(8).Select(g => new string(g))));
        await desk.GetByLabel("Otros hashes anotados").FillAsync(notedAtOpening);
        await Button(desk, "Verificar").ClickAsync();
        await Expect(tab.Heading("Exportación íntegra")).ToBeVisibleAsync();
        await Expect(desk.Locator("main")).ToContainTextAsync("El hash anotado al cierre es el sello del registro");
        await Expect(desk.Locator("main")).ToContainTextAsync($"El hash anotado {notedAtOpening} es el del evento");
        await Expect(desk.Locator("main")).ToContainTextAsync("(apertura de la votación)");
        await Expect(desk.Locator("main")).Not.ToContainTextAsync("jornada_opened");
        await desk.GoBackAsync();

        // Certifying asks for the hash noted; the form does not show it to be copied.
        var form = desk.Locator("section[aria-labelledby=certify-title]");
        await Expect(form).Not.ToContainTextAsync(notedAtClose[..8]);
        // Why from paper: the page and the files would show a rebuilt seal (a reviewer: the hash was on the screen above to copy).
        await Expect(form).ToContainTextAsync("solo lo que usted anotó en papel al cierre lo descubre");
        await Button(desk, "Certificar el cómputo").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba el sello del registro que anotó al cierre");
        await Expect(desk.GetByLabel("Sello del registro que anotó al cierre")).ToHaveAttributeAsync("aria-invalid", "true");
        // What the acta will say the auditor declared, and that it cannot be undone: a box to tick, as every such step has.
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("Confirme que verificó la exportación");
        await Expect(desk.GetByLabel("Verifiqué la exportación")).ToHaveAttributeAsync("aria-invalid", "true");

        // A hash that is neither the sello del registro nor the ballots' final hash: refused, nothing written.
        var wrong = new string('c', 64);
        var refused = await desk.RunAndWaitForResponseAsync(async () =>
        {
            await desk.GetByLabel("Sello del registro que anotó al cierre").FillAsync(wrong);
            await desk.GetByLabel("Verifiqué la exportación").CheckAsync();
            await Button(desk, "Certificar el cómputo").ClickAsync();
        }, r => r.Request.Method == "POST");
        Assert.Equal(409, refused.Status);
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("El sello del registro no coincide");
        await Expect(form).ToContainTextAsync($"El hash escrito ({wrong}) no es el sello del registro de esta Jornada");
        await Expect(form).ToContainTextAsync("no se certificó nada");
        await Expect(desk.GetByLabel("Sello del registro que anotó al cierre")).ToHaveValueAsync(wrong);
        await Expect(desk.Locator("[data-jornada-status]")).ToHaveTextAsync("Votación cerrada y sellada");
        Assert.DoesNotContain(",tally_certified,", await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv"));
        await tab.AxeAsync("consola certificación, sello distinto", output);

        // As the auditor pastes it from README's command: in quotes, in groups of eight, in capitals.
        await desk.GetByLabel("Sello del registro que anotó al cierre").FillAsync(
            "\"" + string.Join(' ', notedAtClose.ToUpperInvariant().Chunk(8).Select(g => new string(g))) + "\"");
        await desk.GetByLabel("Verifiqué la exportación").CheckAsync();
        await Button(desk, "Certificar el cómputo").ClickAsync();
        await Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Acta de certificación del cómputo" })).ToBeVisibleAsync();
        await Expect(desk.Locator("article")).ToContainTextAsync("escribió el sello del registro que anotó al cierre, y el servicio comprobó que es el de esta Jornada");
        await tab.AxeAsync("consola acta de certificación", output);
        var record = await _api.Auditor.GetStringAsync($"/api/jornadas/{id}/audit/record.csv");
        Assert.Contains($",tally_certified,sealHash=s:{finalHash};", record);
        Assert.Contains(";noted=s:RecordSeal,", record); // which hash was typed is in the certification's line, so in its hash
        // The acta gives the certification's own hash in the record, to note: the record's last line.
        var last = record.TrimEnd('\n').Split('\n')[^1].Split(',');
        Assert.Equal("tally_certified", last[1]);
        await Expect(desk.Locator("[data-certification-hash]")).ToHaveAttributeAsync("data-certification-hash", last[^1]);
        await Expect(desk.Locator("article")).ToContainTextAsync($"La certificación es el evento {last[0]} del registro de la Jornada.");

        // Back at the desk once certified: its steps no longer say «no certifique», and checking the certification's hash
        // (the acta's, to note) takes a record downloaded after it: the files kept from before end at the close.
        await desk.GotoAsync($"/consola/auditoria/{id}");
        await Expect(desk.Locator("[data-certified]")).ToContainTextAsync("con el hash de la certificación, para anotarlo");
        await Expect(steps).Not.ToContainTextAsync("no certifique");
        await Expect(steps).ToContainTextAsync("siga el protocolo del IEEQ para una exportación alterada (el personal municipal administra el servicio que usted audita): el cómputo ya está certificado.");
        await Expect(steps).ToContainTextAsync("Si anotó el hash de la certificación (del acta), escríbalo también ahí, con un registro descargado después de certificar: el que se descargó antes termina en el cierre.");
        await tab.AxeAsync("consola auditoría, cómputo certificado", output);
    }
}
