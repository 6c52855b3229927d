using System.Net.Http.Json;
using GobiernoAbierto.Audit;
using GobiernoAbierto.Jornadas;
using GobiernoAbierto.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace GobiernoAbierto.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class when_the_public_follows_the_results(ServiceFixture service, ChromiumFixture chromium, Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly VotingApi _api = new(service);

    [Fact]
    public async Task turnout_shows_while_open_and_the_chosen_project_once_published()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        var kiosk = _api.Kiosk(kioskToken);
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), "A", "loma-bonita"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), "A", "loma-bonita"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(kiosk, jornadaId, Voters.UniqueClave(), "B", "san-pedro-martir"));
        var jornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{jornadaId}"));
        var (opens, closes) = (QueretaroTime.Format(jornada.VotingOpensAt), QueretaroTime.Format(jornada.VotingClosesAt));
        await using var tab = await chromium.PhoneAsync(service);
        Microsoft.Playwright.ILocator Date(string term) =>
            tab.Page.Locator("[data-fill=dates] div").Filter(new() { Has = tab.Page.Locator("dt", new() { HasText = term }) }).Locator("dd");

        await tab.GotoAsync($"/resultados.html?jornada={jornadaId}");
        await Expect(tab.Page.GetByText("Votación abierta")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("3 personas han votado.")).ToBeVisibleAsync();
        await Expect(tab.Heading("Votos por proyecto")).ToBeHiddenAsync();
        // Where to vote while it is open: at its kiosks, listed on the home page; it has no online voting.
        var where = tab.Page.GetByRole(Microsoft.Playwright.AriaRole.Region, new() { Name = "Dónde votar" });
        await Expect(where.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Votar en un kiosco" })).ToHaveAttributeAsync("href", "./#kioscos");
        await Expect(where.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("[data-fill=not-started]")).ToBeHiddenAsync();
        // When residents vote, in Querétaro's time; nothing certified or published yet.
        await Expect(Date("Periodo de votación")).ToHaveTextAsync($"{opens} a {closes} (hora del centro de México)");
        await Expect(tab.Page.Locator("[data-fill=dates] dt")).ToHaveTextAsync(["Periodo de votación"]);

        // Sealed, not yet certified: the count shows, and that it is not yet the official result.
        await _api.CloseAsync(jornadaId);
        await tab.Page.ReloadAsync();
        await Expect(tab.Page.GetByText("2 votos (66.7 %)")).ToBeVisibleAsync();
        // The sign stays with its figure on a narrow phone, as every page writes a percentage (Percent.Format, formatPercent).
        Assert.Contains("(66.7\u00a0%)", await tab.Page.Locator(".bar-value", new() { HasText = "2 votos" }).TextContentAsync());
        await Expect(tab.Page.GetByText("«Cancha de usos múltiples» obtuvo la mayoría de los votos en el cómputo sellado. Aún no es el resultado oficial: falta que el IEEQ certifique el cómputo.")).ToBeVisibleAsync();
        // Closed hours before its end (countersigned): the period says when it really ended, and when it was to end.
        var closed = QueretaroTime.Format((await RecordedAsync<JornadaClosed>(jornadaId)).ClosedAt);
        await Expect(Date("Periodo de votación")).ToHaveTextAsync(
            $"{opens} a {closed}; se cerró antes de lo previsto: su horario terminaba el {closes} (hora del centro de México)");
        await Expect(Date("Cómputo certificado por el IEEQ")).ToHaveCountAsync(0);
        // A screenshot of the bars alone says it too, in their heading; the caveat is not said again under them, the
        // outcome just above says it (it read twice: a reviewer).
        var counts = tab.Page.GetByRole(Microsoft.Playwright.AriaRole.Region, new() { Name = "Cómputo sellado, sin certificar por el IEEQ" });
        await Expect(counts.Locator(".bars")).ToBeVisibleAsync();
        await Expect(counts.Locator("[data-part=uncertified]")).ToBeHiddenAsync();
        await Expect(tab.Page.GetByText("Aún no es el resultado oficial").And(tab.Page.Locator(":visible"))).ToHaveCountAsync(1);
        await Expect(tab.Heading("Votos por proyecto")).ToHaveCountAsync(0);
        await Expect(tab.Page.GetByRole(Microsoft.Playwright.AriaRole.Region, new() { Name = "Dónde votar" })).ToBeHiddenAsync(); // voting is over
        await tab.AxeAsync("resultados cómputo sellado, sin certificar", output);

        await CertifyAsync(jornadaId);
        await tab.Page.ReloadAsync();
        await Expect(tab.Page.GetByText("«Cancha de usos múltiples» obtuvo la mayoría de los votos.", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(tab.Heading("Votos por proyecto")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator("[data-part=uncertified]")).ToBeHiddenAsync();
        var certified = (await RecordedAsync<TallyCertified>(jornadaId)).CertifiedAt;
        await Expect(Date("Cómputo certificado por el IEEQ")).ToHaveTextAsync($"{QueretaroTime.Format(certified)} (hora del centro de México)");
        Assert.Equal(certified, DateTimeOffset.Parse((await Date("Cómputo certificado por el IEEQ").Locator("time").GetAttributeAsync("datetime"))!,
            System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Date("Proyecto elegido publicado")).ToHaveCountAsync(0);
        await VotingApi.Read<JornadaDetails>(await _api.Staff.PostAsync($"/api/jornadas/{jornadaId}/publication", null));
        await tab.Page.ReloadAsync();

        await Expect(tab.Page.Locator("[data-fill=status]")).ToHaveTextAsync("Proyecto elegido publicado");
        await Expect(tab.Page.GetByText("3 personas votaron.")).ToBeVisibleAsync(); // over: not «han votado»
        await Expect(tab.Heading("Proyecto elegido")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("Proyecto A: Cancha de usos múltiples").First).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("2 votos (66.7 %)")).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("Cómputo certificado por: Auditora IEEQ de prueba.")).ToBeVisibleAsync();
        var published = (await RecordedAsync<ChosenProjectPublished>(jornadaId)).PublishedAt;
        await Expect(tab.Page.Locator("[data-fill=dates] dt")).ToHaveTextAsync(["Periodo de votación", "Cómputo certificado por el IEEQ", "Proyecto elegido publicado"]);
        await Expect(Date("Proyecto elegido publicado")).ToHaveTextAsync($"{QueretaroTime.Format(published)} (hora del centro de México)");
        await Expect(Date("Cómputo certificado por el IEEQ")).ToHaveTextAsync($"{QueretaroTime.Format(certified)} (hora del centro de México)");
        Assert.True(await tab.FitsWidthAsync(), "The results page scrolls sideways on a phone.");
        await tab.AxeAsync("resultados proyecto publicado, con sus fechas", output);
    }

    /// <summary>
    /// Before the vote started the results read «0 personas han votado.» over a table of zeros, and said neither that voting
    /// had not begun nor where to vote: they say when it opens (its first channel), and link to the home page's kiosks only
    /// when it has kiosks, to online voting only while it takes ballots (before, it led to a page that took none: a reviewer).
    /// </summary>
    [Fact]
    public async Task before_the_vote_starts_the_results_say_when_it_opens_and_where_to_vote()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(3), closesIn: TimeSpan.FromHours(12)));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.RegisterKioskAsync(jornada.Id);
        await using var tab = await chromium.PhoneAsync(service);
        var where = tab.Page.GetByRole(Microsoft.Playwright.AriaRole.Region, new() { Name = "Dónde votar" });
        Microsoft.Playwright.ILocator Link(string name) => where.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = name });

        await tab.GotoAsync($"/resultados.html?jornada={jornada.Id}");

        await Expect(where.Locator("[data-fill=not-started]")).ToHaveTextAsync(
            $"La votación aún no empieza: abre el {QueretaroTime.Format(jornada.VotingOpensAt)} (hora del centro de México).");
        await Expect(tab.Page.Locator("[data-part=turnout]")).ToBeHiddenAsync();
        await Expect(tab.Page.GetByText("personas han votado")).ToBeHiddenAsync();
        await Expect(Link("Votar en un kiosco")).ToHaveAttributeAsync("href", "./#kioscos");
        await Expect(Link("Votar en línea")).ToHaveCountAsync(0); // a kiosk-only Jornada
        await tab.AxeAsync("resultados antes de que empiece la votación, solo kioscos", output);

        // Online voting that opens before the kiosks: the page says that opening; the ballot is linked once it takes ballots.
        var onlineOpens = now + TimeSpan.FromHours(2);
        await VotingApi.Expect(await _api.Staff.PutAsJsonAsync($"/api/jornadas/{jornada.Id}/online-voting",
            new EnableOnlineVoting(onlineOpens, jornada.VotingClosesAt), VotingApi.Json), System.Net.HttpStatusCode.OK);
        await tab.Page.ReloadAsync();
        await Expect(where.Locator("[data-fill=not-started]")).ToHaveTextAsync(
            $"La votación aún no empieza: abre en línea el {QueretaroTime.Format(onlineOpens)} (hora del centro de México).");
        await Expect(where.Locator("[data-fill=online-opens]")).ToBeHiddenAsync(); // the opening said is online voting's
        await Expect(Link("Votar en línea")).ToHaveCountAsync(0);
        await Expect(Link("Votar en un kiosco")).ToBeVisibleAsync();
        Assert.True(await tab.FitsWidthAsync(), "The results page scrolls sideways on a phone.");
        await tab.AxeAsync("resultados antes de que empiece la votación, en línea y en kioscos", output);

        // Open, within its hours: the same ways to vote, and the turnout instead of the opening.
        await _api.LoadRollCsvAsync(jornada.Id, [Voters.UniqueClave()]);
        await _api.IssueCodesAsync(jornada.Id);
        await _api.OpenAsync(jornada.Id);
        service.Clock.Offset += TimeSpan.FromHours(4);
        try
        {
            await tab.Page.ReloadAsync();
            await Expect(tab.Page.GetByText("0 personas han votado.")).ToBeVisibleAsync();
            await Expect(where.Locator("[data-fill=not-started]")).ToBeHiddenAsync();
            await Expect(where.GetByRole(Microsoft.Playwright.AriaRole.Link)).ToHaveTextAsync(["Votar en un kiosco", "Votar en línea"]);
            await Expect(Link("Votar en línea")).ToHaveAttributeAsync("href", $"votar.html?jornada={jornada.Id}");
            await Expect(Link("Votar en un kiosco")).ToHaveAttributeAsync("href", "./#kioscos");
            await tab.AxeAsync("resultados durante la votación, con dónde votar", output);
        }
        finally
        {
            // Closed before the clock goes back: open, voted online and opening hours after the others, it would be the
            // collection's first open Jornada for good (the participation check without a link took it for the resident's).
            await _api.CloseAsync(jornada.Id);
            service.Clock.Offset -= TimeSpan.FromHours(4);
        }
    }

    /// <summary>
    /// The page stopped asking for a Jornada still being prepared: «abre el 08:00» and «En preparación» stayed after staff
    /// opened it and after 08:00, until a reload (a reviewer). It asks again every minute until the vote opens.
    /// </summary>
    [Fact]
    public async Task a_jornada_being_prepared_is_followed_until_staff_open_it()
    {
        var now = service.Clock.GetUtcNow();
        var jornada = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromHours(1), closesIn: TimeSpan.FromHours(9)));
        await _api.SetOptionsAsync(jornada.Id);
        await _api.RegisterKioskAsync(jornada.Id);
        await using var tab = await chromium.PhoneAsync(service);
        await tab.Page.Clock.InstallAsync(); // the page's timers, run on at will
        try
        {
            await tab.GotoAsync($"/resultados.html?jornada={jornada.Id}");
            await Expect(tab.Page.Locator("[data-fill=status]")).ToHaveTextAsync("En preparación");
            await Expect(tab.Page.Locator("[data-fill=not-started]")).ToHaveTextAsync(
                $"La votación aún no empieza: abre el {QueretaroTime.Format(jornada.VotingOpensAt)} (hora del centro de México).");

            await _api.OpenAsync(jornada.Id);
            await tab.Page.Clock.RunForAsync(61_000);
            var starts = $"La votación empieza el {QueretaroTime.Format(jornada.VotingOpensAt)} (hora del centro de México)";
            await Expect(tab.Page.Locator("[data-fill=status]")).ToHaveTextAsync(starts);
            await tab.AxeAsync("resultados de una Jornada abierta antes de su horario, sin recargar", output);
        }
        finally
        {
            await _api.CloseAsync(jornada.Id);
        }
    }

    /// <summary>
    /// Staff open the Jornada before its hours (07:30 for 08:00): the home page and the results said «Votación abierta»
    /// from then, with «Votar en línea», and still did after its hours until staff closed it.
    /// </summary>
    [Fact]
    public async Task an_open_jornada_before_or_after_its_hours_is_not_said_to_be_voting()
    {
        var now = service.Clock.GetUtcNow();
        var early = await _api.CreateAsync(VotingApi.NewJornada(now, opensIn: TimeSpan.FromMinutes(30), closesIn: TimeSpan.FromHours(3)));
        await _api.SetOptionsAsync(early.Id);
        await _api.RegisterKioskAsync(early.Id);
        await _api.OpenAsync(early.Id);
        var online = await _api.OpenOnlineJornadaAsync([Voters.UniqueClave()], onlineClosesIn: TimeSpan.FromHours(2));
        var onlineJornada = await VotingApi.Read<JornadaDetails>(await _api.Anonymous.GetAsync($"/api/jornadas/{online.Id}"));
        var onlineTitle = onlineJornada.Title;
        await using var tab = await chromium.PhoneAsync(service);
        Microsoft.Playwright.ILocator Item(string title) =>
            tab.Page.Locator("li.jornada").Filter(new() { Has = tab.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = title }) });

        await tab.GotoAsync("/");
        var starts = $"La votación empieza el {QueretaroTime.Format(early.VotingOpensAt)}";
        await Expect(Item(early.Title)).ToContainTextAsync(starts);
        // Nobody has voted yet: its button says «Ver la Jornada», not «Ver la participación» (a reviewer).
        await Expect(Item(early.Title).GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Ver la Jornada" })).ToBeVisibleAsync();
        await Expect(Item(onlineTitle)).ToContainTextAsync("Votación abierta");
        await Expect(Item(onlineTitle).GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Ver la participación" })).ToBeVisibleAsync();
        await Expect(Item(onlineTitle).GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Votar en línea" })).ToBeVisibleAsync();
        // Its kiosk is not listed as taking ballots before the hours; the hours are said instead (a reviewer).
        await Expect(tab.Page.Locator("[data-kiosks] li:not([data-kiosk-hours])").Filter(new() { HasText = early.Title })).ToHaveCountAsync(0);
        await Expect(tab.Page.Locator("[data-kiosk-hours]").Filter(new() { HasText = early.Title }))
            .ToContainTextAsync($"Se vota en kiosco del {QueretaroTime.Format(early.VotingOpensAt)}");
        await tab.GotoAsync($"/resultados.html?jornada={early.Id}");
        await Expect(tab.Page.GetByText(starts)).ToBeVisibleAsync();
        await Expect(tab.Page.GetByText("Votación en curso")).ToHaveCountAsync(0);

        service.Clock.Offset += TimeSpan.FromHours(9); // both Jornadas' hours are over; nobody closed them yet
        try
        {
            await tab.GotoAsync("/");
            await Expect(Item(early.Title)).ToContainTextAsync("Terminó el horario de votación");
            await Expect(Item(onlineTitle)).ToContainTextAsync("Terminó el horario de votación");
            await Expect(Item(onlineTitle).GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Votar en línea" })).ToHaveCountAsync(0);
            await tab.GotoAsync($"/resultados.html?jornada={online.Id}");
            await Expect(tab.Page.GetByText("Terminó el horario de votación")).ToBeVisibleAsync();
            // Both periods, each channel's own.
            await Expect(tab.Page.Locator("[data-fill=dates] dt")).ToHaveTextAsync(["Votación en kioscos", "Votación en línea"]);
            await Expect(tab.Page.Locator("[data-fill=dates] dd")).ToHaveTextAsync([
                $"{QueretaroTime.Format(onlineJornada.VotingOpensAt)} a {QueretaroTime.Format(onlineJornada.VotingClosesAt)} (hora del centro de México)",
                $"{QueretaroTime.Format(onlineJornada.Online!.OpensAt)} a {QueretaroTime.Format(onlineJornada.Online.ClosesAt)} (hora del centro de México)"]);
            await Expect(tab.Page.GetByText("Votación en curso")).ToHaveCountAsync(0);
        }
        finally
        {
            // The collection's other tests date some requests by the machine's clock (ProcessApi): the service's goes back.
            service.Clock.Offset -= TimeSpan.FromHours(9);
        }
    }

    [Fact]
    public async Task a_tie_is_announced_as_a_tie_and_no_project_is_shown_as_chosen()
    {
        var (jornadaId, kioskToken) = await _api.OpenJornadaAsync(service.Clock.GetUtcNow());
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "A"));
        await VotingApi.ReceiptOf(await VotingApi.VoteAsync(_api.Kiosk(kioskToken), jornadaId, Voters.UniqueClave(), "B"));
        await CloseAndCertifyAsync(jornadaId);
        await using var tab = await chromium.PhoneAsync(service);

        await tab.GotoAsync($"/resultados.html?jornada={jornadaId}");

        await Expect(tab.Page.GetByText("Empate: los dos proyectos obtuvieron los mismos votos")).ToBeVisibleAsync();
        await Expect(tab.Heading("Votos por proyecto")).ToBeVisibleAsync();
        await Expect(tab.Heading("Proyecto elegido")).ToBeHiddenAsync();

        // Staff see why nothing is published, and the way to the new Jornada that decides it.
        var staff = await ConsoleAccounts.CreateAsync(service, Hosting.Roles.Staff);
        await using var console = await chromium.DesktopAsync(service);
        await ConsoleAccounts.SignInAsync(console.Page, service, staff);
        await console.Page.GotoAsync($"/consola/jornadas/{jornadaId}");
        await Expect(console.Page.GetByText("Se decide en una nueva Jornada, que convoca el Municipio")).ToBeVisibleAsync();
        await console.Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Crear una nueva Jornada…" }).ClickAsync();
        await Expect(console.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Nueva Jornada", Level = 1 })).ToBeVisibleAsync();

        // The form repeats the tied Jornada (its title, identifier and colonias), and its page then sets the same two
        // projects with one button: nothing is typed again.
        var tied = await VotingApi.Read<JornadaDetails>(await _api.Staff.GetAsync($"/api/jornadas/{jornadaId}"));
        await Expect(console.Page.Locator("[data-repeats]")).ToContainTextAsync($"Repite la Jornada «{tied.Title}», que no eligió proyecto");
        await Expect(console.Page.GetByLabel("Título de la Jornada")).ToHaveValueAsync(tied.Title);
        await console.AxeAsync("consola nueva jornada que repite otra", output);
        await console.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Crear la Jornada" }).ClickAsync();
        await Expect(console.Page.Locator("[data-same-options]")).ToContainTextAsync(tied.Options[0].Title);
        await console.AxeAsync("consola jornada que repite otra", output);
        await console.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Fijar los mismos dos proyectos" }).ClickAsync();
        await Expect(console.Page.GetByText($"Se fijaron los dos proyectos de la boleta, los mismos de la Jornada «{tied.Title}».")).ToBeVisibleAsync();
        await Expect(console.Page.Locator("ol.options li")).ToHaveCountAsync(2);
        await Expect(console.Page.Locator("[data-same-options]")).ToHaveCountAsync(0);
    }

    /// <summary>The one event of this type in the Jornada's stream, as the service recorded it: the dates the page must show.</summary>
    private async Task<T> RecordedAsync<T>(Guid jornadaId)
    {
        await using var session = service.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(jornadaId)).Select(e => e.Data).OfType<T>().Single();
    }

    private async Task CloseAndCertifyAsync(Guid jornadaId)
    {
        await _api.CloseAsync(jornadaId);
        await CertifyAsync(jornadaId);
    }

    private async Task CertifyAsync(Guid jornadaId)
    {
        var seal = await VotingApi.Read<ExportedSeal>(await _api.Auditor.GetAsync($"/api/jornadas/{jornadaId}/audit/seal"));
        await VotingApi.Read<JornadaDetails>(await _api.Auditor.PostAsJsonAsync($"/api/jornadas/{jornadaId}/certification",
            new CertifyTally(seal.FinalHash, null, ExportVerified: true), VotingApi.Json));
    }
}
